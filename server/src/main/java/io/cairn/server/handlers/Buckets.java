package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.VersioningState;
import io.cairn.server.ServerContext;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;

/** Bucket lookups and metadata failures as S3 errors. */
final class Buckets {
    private Buckets() {
    }

    static BucketRecord require(ServerContext ctx, String name) {
        return ctx.metadata().bucket(name)
                .orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_BUCKET).detail("BucketName", name));
    }

    /** Whether responses about this bucket's objects carry x-amz-version-id. */
    static boolean versioned(BucketRecord b) {
        return b.versioning() != VersioningState.UNVERSIONED;
    }

    static S3Exception translate(MetadataException e, String bucket) {
        return switch (e.reason()) {
            case NO_SUCH_BUCKET -> new S3Exception(S3Error.NO_SUCH_BUCKET).detail("BucketName", bucket);
            case BUCKET_NOT_EMPTY -> new S3Exception(S3Error.BUCKET_NOT_EMPTY).detail("BucketName", bucket);
            case BUCKET_EXISTS -> new S3Exception(S3Error.BUCKET_ALREADY_OWNED_BY_YOU).detail("BucketName", bucket);
            case PRECONDITION_FAILED -> new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "If-Match");
            case NO_SUCH_UPLOAD -> new S3Exception(S3Error.NO_SUCH_UPLOAD);
            case NO_SUCH_VERSION -> new S3Exception(S3Error.NO_SUCH_VERSION);
            case INVALID_PART -> new S3Exception(S3Error.INVALID_PART);
        };
    }
}
