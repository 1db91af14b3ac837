package io.cairn.server.handlers;

import io.cairn.auth.PayloadVerifier;
import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.TagSets;
import io.cairn.server.sse.KeyService;
import io.cairn.server.sse.SseSpec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** PutObject: a streamed body, verified, stored, committed. */
final class PutObjectHandler implements OperationHandler {
    private final ServerContext ctx;
    private final ObjectStore store;
    private final LifecycleRules lifecycle;

    PutObjectHandler(ServerContext ctx, ObjectStore store, LifecycleRules lifecycle) {
        this.ctx = ctx;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    @Override
    public void handle(S3Request req) throws MetadataException {
        String bucket = req.bucket();
        String key = req.key();
        ObjectKeys.requireValid(key);
        BucketRecord bucketRecord = Buckets.require(ctx, bucket);
        RequestBodies.requireContentLength(req);
        PayloadVerifier verifier = RequestBodies.verifier(req);
        if (verifier.declaredLength() > ctx.config().maxObjectSize()) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE)
                    .detail("ProposedSize", String.valueOf(verifier.declaredLength()))
                    .detail("MaxSizeAllowed", String.valueOf(ctx.config().maxObjectSize()));
        }
        Map<String, String> headers = StoredHeaders.fromRequest(req);
        Map<String, String> tags = TagSets.fromHeader(req.header(TagSets.HEADER));
        Predicate<Optional<ObjectVersion>> precondition = hasWriteConditions(req)
                ? Conditions.forWrite(req, ctx.metadata().latest(bucket, key))
                : existing -> true;

        SseSpec sse = SseHeaders.forWrite(req, bucketRecord, ctx.keys());
        KeyService.Sealed sealed = sse == null ? null : ctx.keys().newDataKey(sse);

        ObjectStore.StoredData data = store.storeBody(req, verifier, true, sealed == null ? null : sealed.dataKey(),
                StoredHeaders.reducedRedundancy(headers));
        String etag = SseHeaders.etag(data.etag(), sealed);
        ObjectVersion version = store.commit(bucket, new ObjectVersion(key, ObjectVersion.NULL_VERSION, false,
                data.size(), etag, Instant.now(), headers, data.checksums(), data.dataId(), data.inline(),
                req.principal(), List.of(), sealed == null ? Map.of() : sealed.record().toMap(), tags, Map.of()),
                precondition);

        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.ETAG, "\"" + etag + "\"");
        SseHeaders.echo(r.headers(), sealed == null ? null : sealed.record(), sse == null ? null : sse.customerKey(),
                ctx.keys());
        ObjectHeaders.checksums(r.headers(), version);
        ObjectHeaders.versionId(r.headers(), bucketRecord, version);
        lifecycle.expirationHeader(bucketRecord, version)
                .ifPresent(x -> r.headers().set(LifecycleRules.EXPIRATION_HEADER, x));
        req.response().send(r, null);
    }

    static boolean hasWriteConditions(S3Request req) {
        return req.header("if-none-match") != null || req.header("if-match") != null;
    }
}
