package io.cairn.meta;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A remote tier that lifecycle transitions move content to, defined by an administrator.
 *
 * @param name     the tier's name, used as the storage class in lifecycle rules and in x-amz-storage-class
 * @param type     the kind of remote ("s3", "azure"), interpreted by the tiering code
 * @param settings endpoint, bucket or container, prefix, credentials (sealed by the server before they get here)
 * @param created  when it was defined
 */
public record TierRecord(String name, String type, Map<String, String> settings, Instant created) {
    public TierRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
