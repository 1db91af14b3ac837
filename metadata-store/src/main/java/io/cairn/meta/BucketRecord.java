package io.cairn.meta;

import java.time.Instant;
import java.util.Map;

/**
 * A bucket. {@code id} is internal and never reused: object keys are stored under it, so a bucket deleted and
 * created again never sees the old bucket's objects.
 */
public record BucketRecord(long id, String name, String region, String owner, Instant created,
                           VersioningState versioning, Map<String, String> encryption) {

    /**
     * @param encryption the bucket's default server-side encryption (PutBucketEncryption), interpreted by the
     *                   server; empty when none is configured
     */
    public BucketRecord {
        encryption = encryption == null ? Map.of() : Map.copyOf(encryption);
    }

    public BucketRecord(long id, String name, String region, String owner, Instant created,
                        VersioningState versioning) {
        this(id, name, region, owner, created, versioning, Map.of());
    }

    public BucketRecord withVersioning(VersioningState state) {
        return new BucketRecord(id, name, region, owner, created, state, encryption);
    }

    public BucketRecord withEncryption(Map<String, String> e) {
        return new BucketRecord(id, name, region, owner, created, versioning, e);
    }
}
