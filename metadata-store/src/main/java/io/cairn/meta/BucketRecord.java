package io.cairn.meta;

import java.time.Instant;

/**
 * A bucket. {@code id} is internal and never reused: object keys are stored under it, so a bucket deleted and
 * created again never sees the old bucket's objects.
 */
public record BucketRecord(long id, String name, String region, String owner, Instant created,
                           VersioningState versioning) {
}
