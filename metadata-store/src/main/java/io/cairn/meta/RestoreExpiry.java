package io.cairn.meta;

import java.time.Instant;
import java.util.Objects;

/**
 * When the local copy of a restored version (RestoreObject) is due to be removed again. Kept apart from the version
 * record so expiring copies are found without scanning every version.
 */
public record RestoreExpiry(String bucket, String key, String versionId, Instant expiry) {
    public RestoreExpiry {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(expiry, "expiry");
    }
}
