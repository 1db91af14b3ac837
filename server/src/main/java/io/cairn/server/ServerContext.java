package io.cairn.server;

import io.cairn.meta.MetadataStore;
import io.cairn.server.sse.KeyService;
import io.cairn.server.storage.DataStore;
import io.cairn.tiering.remote.TierRegistry;

/**
 * What handlers share: the stores, the encryption keys, the settings that shape S3 behaviour, and the remote
 * tiers (definitions and their clients, by name).
 */
public record ServerContext(MetadataStore metadata, DataStore data, ServerConfig config, KeyService keys,
                            TierRegistry tiers) {
}
