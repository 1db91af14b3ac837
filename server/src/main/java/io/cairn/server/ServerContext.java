package io.cairn.server;

import io.cairn.meta.MetadataStore;
import io.cairn.server.sse.KeyService;
import io.cairn.server.storage.DataStore;
import io.cairn.server.tier.Tiering;

/**
 * What handlers share: the stores, the encryption keys, the remote-tier machinery and the settings that shape S3
 * behaviour.
 */
public record ServerContext(MetadataStore metadata, DataStore data, ServerConfig config, KeyService keys,
                            Tiering tiering) {
}
