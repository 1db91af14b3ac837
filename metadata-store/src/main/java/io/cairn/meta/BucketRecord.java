package io.cairn.meta;

import java.time.Instant;
import java.util.Map;

/**
 * A bucket. {@code id} is internal and never reused: object keys are stored under it, so a bucket deleted and
 * created again never sees the old bucket's objects.
 */
public record BucketRecord(long id, String name, String region, String owner, Instant created,
                           VersioningState versioning, Map<String, String> encryption, Map<String, String> tags,
                           String lifecycle) {

    /**
     * @param encryption the bucket's default server-side encryption (PutBucketEncryption), interpreted by the
     *                   server; empty when none is configured
     * @param tags       the bucket's tags (PutBucketTagging), in the order given; empty when none
     * @param lifecycle  the bucket's lifecycle configuration as accepted (the S3 XML, validated by the server);
     *                   null when none
     */
    public BucketRecord {
        encryption = encryption == null ? Map.of() : Map.copyOf(encryption);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    public BucketRecord(long id, String name, String region, String owner, Instant created,
                        VersioningState versioning, Map<String, String> encryption) {
        this(id, name, region, owner, created, versioning, encryption, Map.of(), null);
    }

    public BucketRecord(long id, String name, String region, String owner, Instant created,
                        VersioningState versioning) {
        this(id, name, region, owner, created, versioning, Map.of());
    }

    public BucketRecord withVersioning(VersioningState state) {
        return new BucketRecord(id, name, region, owner, created, state, encryption, tags, lifecycle);
    }

    public BucketRecord withEncryption(Map<String, String> e) {
        return new BucketRecord(id, name, region, owner, created, versioning, e, tags, lifecycle);
    }

    public BucketRecord withTags(Map<String, String> t) {
        return new BucketRecord(id, name, region, owner, created, versioning, encryption, t, lifecycle);
    }

    /** @param l the lifecycle configuration XML, or null to remove it */
    public BucketRecord withLifecycle(String l) {
        return new BucketRecord(id, name, region, owner, created, versioning, encryption, tags, l);
    }
}
