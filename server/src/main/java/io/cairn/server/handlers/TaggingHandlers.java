package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.TagSets;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Object tagging (Put/Get/DeleteObjectTagging: the tags of one version, rewritten in place, so no new version and
 * the same Last-Modified) and bucket tagging (Put/Get/DeleteBucketTagging).
 */
final class TaggingHandlers {
    /** 50 tags of 128 + 256 UTF-16 units (3 UTF-8 bytes each at most), with room for markup and references. */
    private static final int MAX_BODY = 256 * 1024;
    private static final int MAX_ATTEMPTS = 3;

    private final ServerContext ctx;

    TaggingHandlers(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.PutObjectTagging, this::putObjectTagging);
        table.put(S3Operation.GetObjectTagging, this::getObjectTagging);
        table.put(S3Operation.DeleteObjectTagging, this::deleteObjectTagging);
        table.put(S3Operation.PutBucketTagging, this::putBucketTagging);
        table.put(S3Operation.GetBucketTagging, this::getBucketTagging);
        table.put(S3Operation.DeleteBucketTagging, this::deleteBucketTagging);
    }

    private void putObjectTagging(S3Request req) {
        ObjectKeys.requireValid(req.key());
        BucketRecord bucket = Buckets.require(ctx, req.bucket());
        String versionId = req.param("versionId");
        // Looked up before the body is read: a missing key is refused before the client sends the document.
        ObjectVersion target = Versions.resolve(ctx, req, versionId);
        Map<String, String> tags = TagSets.fromXml(RequestBodies.readSmall(req, MAX_BODY), TagSets.Scope.OBJECT);
        ObjectVersion tagged = retag(req, versionId, target, tags);
        HttpResponse r = req.head(200);
        versionIdHeader(r, bucket, versionId, tagged);
        req.response().send(r, null);
    }

    private void getObjectTagging(S3Request req) {
        ObjectKeys.requireValid(req.key());
        BucketRecord bucket = Buckets.require(ctx, req.bucket());
        String versionId = req.param("versionId");
        ObjectVersion v = Versions.resolve(ctx, req, versionId);
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        versionIdHeader(r, bucket, versionId, v);
        req.response().send(r, TagSets.toXml(v.tags()));
    }

    private void deleteObjectTagging(S3Request req) {
        ObjectKeys.requireValid(req.key());
        BucketRecord bucket = Buckets.require(ctx, req.bucket());
        String versionId = req.param("versionId");
        ObjectVersion untagged = retag(req, versionId, Versions.resolve(ctx, req, versionId), Map.of());
        HttpResponse r = req.head(204);
        versionIdHeader(r, bucket, versionId, untagged);
        req.response().send(r, null);
    }

    /**
     * Replaces the tags of {@code target} in place. The version can vanish or turn into a delete marker (a
     * suspended bucket's "null" version) between the lookup and the update under the key's lock: then the request's
     * version is looked up again, which answers the right error when there is none any more.
     */
    private ObjectVersion retag(S3Request req, String versionId, ObjectVersion target, Map<String, String> tags) {
        ObjectVersion v = target;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<ObjectVersion> updated;
            try {
                updated = ctx.metadata().updateVersion(req.bucket(), req.key(), v.versionId(),
                        current -> current.deleteMarker() ? null : current.withTags(tags));
            } catch (MetadataException e) {
                throw Buckets.translate(e, req.bucket());
            }
            if (updated.isPresent()) {
                return updated.get();
            }
            v = Versions.resolve(ctx, req, versionId);
        }
        throw new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", req.key());
    }

    /** The version acted on is named whenever the bucket has versioning, or the request named one. */
    private static void versionIdHeader(HttpResponse r, BucketRecord bucket, String requested, ObjectVersion v) {
        if (Buckets.versioned(bucket) || requested != null) {
            r.headers().set("x-amz-version-id", v.versionId());
        }
    }

    private void putBucketTagging(S3Request req) {
        Buckets.require(ctx, req.bucket());
        RequestBodies.requireIntegrityHeader(req);
        Map<String, String> tags = TagSets.fromXml(RequestBodies.readSmall(req, MAX_BODY), TagSets.Scope.BUCKET);
        updateBucket(req, b -> b.withTags(tags));
        req.sendEmpty(204);
    }

    private void getBucketTagging(S3Request req) {
        Map<String, String> tags = Buckets.require(ctx, req.bucket()).tags();
        if (tags.isEmpty()) {
            throw new S3Exception(S3Error.NO_SUCH_TAG_SET).detail("BucketName", req.bucket());
        }
        req.sendXml(200, TagSets.toXml(tags));
    }

    private void deleteBucketTagging(S3Request req) {
        Buckets.require(ctx, req.bucket());
        updateBucket(req, b -> b.withTags(Map.of()));
        req.sendEmpty(204);
    }

    private void updateBucket(S3Request req, UnaryOperator<BucketRecord> change) {
        try {
            ctx.metadata().updateBucket(req.bucket(), change);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
    }
}
