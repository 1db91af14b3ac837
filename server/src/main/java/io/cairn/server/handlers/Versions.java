package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;

import java.util.Optional;

/** Finding the version a read addresses, with S3's answers for missing versions and delete markers. */
final class Versions {
    private Versions() {
    }

    /**
     * The latest version of the request's key, or the one {@code versionId} names.
     *
     * @throws S3Exception NoSuchKey (404, with x-amz-delete-marker when the latest is a marker), NoSuchVersion,
     *                     MethodNotAllowed (405) when {@code versionId} names a delete marker
     */
    static ObjectVersion resolve(ServerContext ctx, S3Request req, String versionId) {
        return resolve(ctx, req.bucket(), req.key(), versionId, req.method());
    }

    /**
     * {@link #resolve(ServerContext, S3Request, String)} of the latest version from memory alone.
     *
     * @throws io.cairn.meta.NotInMemoryException when the lookup would read from disk
     */
    static ObjectVersion resolveInMemory(ServerContext ctx, S3Request req) {
        Optional<ObjectVersion> found;
        try {
            found = ctx.metadata().latestInMemory(req.bucket(), req.key());
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        return present(found, req.key(), null, req.method());
    }

    /** A version that is read by another request (a copy source): a marker named by id refuses a GET. */
    static ObjectVersion resolve(ServerContext ctx, String bucket, String key, String versionId) {
        return resolve(ctx, bucket, key, versionId, "GET");
    }

    private static ObjectVersion resolve(ServerContext ctx, String bucket, String key, String versionId,
                                         String method) {
        Optional<ObjectVersion> found;
        try {
            found = versionId == null
                    ? ctx.metadata().latest(bucket, key)
                    : ctx.metadata().version(bucket, key, requireValidId(versionId));
        } catch (MetadataException e) {
            throw Buckets.translate(e, bucket);
        }
        return present(found, key, versionId, method);
    }

    private static ObjectVersion present(Optional<ObjectVersion> found, String key, String versionId, String method) {
        if (found.isEmpty()) {
            throw versionId == null
                    ? new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", key)
                    : new S3Exception(S3Error.NO_SUCH_VERSION).detail("Key", key).detail("VersionId", versionId);
        }
        ObjectVersion v = found.get();
        if (v.deleteMarker()) {
            S3Exception e = versionId == null
                    ? new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", key)
                    : new S3Exception(S3Error.METHOD_NOT_ALLOWED).detail("Method", method)
                    .detail("ResourceType", "DeleteMarker").header("Allow", "DELETE")
                    .header("Last-Modified", S3Time.http(v.lastModified()));
            throw e.header("x-amz-delete-marker", "true").header("x-amz-version-id", v.versionId());
        }
        return v;
    }

    /** Version ids are short printable tokens; anything else is refused before it reaches the store. */
    static String requireValidId(String versionId) {
        if (versionId.isEmpty() || versionId.length() > 128
                || !versionId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid version id specified")
                    .detail("ArgumentName", "versionId").detail("ArgumentValue", versionId);
        }
        return versionId;
    }
}
