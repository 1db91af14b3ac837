package io.cairn.server;

import io.cairn.meta.MetadataStore;
import io.cairn.server.sse.KeyService;
import io.cairn.server.storage.DataStore;

/** What handlers share: the stores, the encryption keys and the settings that shape S3 behaviour. */
public record ServerContext(MetadataStore metadata, DataStore data, ServerConfig config, KeyService keys) {
}
