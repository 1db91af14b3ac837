package io.cairn.server;

import io.cairn.meta.MetadataStore;
import io.cairn.server.sse.KeyService;
import io.cairn.server.storage.DataStore;
import io.cairn.server.tier.Tiering;
import io.cairn.tiering.remote.TierRegistry;

/**
 * What handlers share: the stores, the encryption keys, the settings that shape S3 behaviour, the remote tiers
 * (definitions and their clients, by name) and the machinery that moves content to them and back.
 */
public record ServerContext(MetadataStore metadata, DataStore data, ServerConfig config, KeyService keys,
                            TierRegistry tiers, Tiering tiering) {
}
