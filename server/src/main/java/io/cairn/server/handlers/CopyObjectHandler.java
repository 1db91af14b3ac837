package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;
import io.cairn.server.s3.TagSets;
import io.cairn.server.s3.UriCodec;
import io.cairn.server.sse.CustomerKey;
import io.cairn.server.sse.EncryptionRecord;
import io.cairn.server.sse.KeyService;
import io.cairn.server.sse.SseSpec;
import io.cairn.server.storage.DataStore;
import io.cairn.server.tier.TierState;
import io.cairn.server.xml.XmlWriter;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** CopyObject: x-amz-copy-source, metadata directive, source conditions; data copied kernel-side. */
final class CopyObjectHandler implements OperationHandler {
    private final ServerContext ctx;
    private final ObjectStore store;
    private final LifecycleRules lifecycle;

    CopyObjectHandler(ServerContext ctx, ObjectStore store, LifecycleRules lifecycle) {
        this.lifecycle = lifecycle;
        this.ctx = ctx;
        this.store = store;
    }

    /** A parsed x-amz-copy-source: {@code [/]bucket/key[?versionId=id]}, URL-encoded. */
    record CopySource(String bucket, String key, String versionId) {
        static CopySource parse(String header) {
            if (header == null || header.isBlank()) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
                        + "sourcebucket/sourcekey").detail("ArgumentName", "x-amz-copy-source");
            }
            String h = header.trim();
            String versionId = null;
            int q = h.indexOf('?');
            if (q >= 0) {
                String query = h.substring(q + 1);
                h = h.substring(0, q);
                versionId = UriCodec.parseQuery(query).get("versionId");
            }
            String path = UriCodec.decode(h);
            if (path.startsWith("/")) {
                path = path.substring(1);
            }
            int slash = path.indexOf('/');
            if (slash <= 0 || slash == path.length() - 1) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Copy Source must mention the source bucket and key: "
                        + "sourcebucket/sourcekey").detail("ArgumentName", "x-amz-copy-source");
            }
            return new CopySource(path.substring(0, slash), path.substring(slash + 1), versionId);
        }
    }

    @Override
    public void handle(S3Request req) throws MetadataException {
        String bucket = req.bucket();
        String key = req.key();
        ObjectKeys.requireValid(key);
        CopySource src = CopySource.parse(req.header("x-amz-copy-source"));
        ObjectKeys.requireValid(src.key());
        BucketRecord target = Buckets.require(ctx, bucket);
        ObjectVersion source = source(ctx, src);
        Conditions.checkCopySource(req, source);

        boolean replace = replaces(req, "x-amz-metadata-directive", "Unknown metadata directive.");
        Map<String, String> tags = replaces(req, "x-amz-tagging-directive", "Unknown tagging directive.")
                ? TagSets.fromHeader(req.header(TagSets.HEADER))
                : source.tags();
        if (!replace && src.bucket().equals(bucket) && src.key().equals(key)
                && req.header("x-amz-storage-class") == null
                && req.header("x-amz-website-redirect-location") == null
                && req.header("x-amz-server-side-encryption") == null
                && req.header(SseHeaders.CUSTOMER + "algorithm") == null
                && target.encryption().isEmpty()) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to copy "
                    + "an object to itself without changing the object's metadata, storage class, website redirect "
                    + "location or encryption attributes.");
        }
        if (source.size() > ctx.config().maxObjectSize()) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The specified copy source is larger than the maximum "
                    + "allowable size for a copy source: " + ctx.config().maxObjectSize());
        }
        Map<String, String> headers = replace ? StoredHeaders.fromRequest(req)
                : StoredHeaders.withStorageClass(req, new LinkedHashMap<>(source.headers()));
        Predicate<Optional<ObjectVersion>> precondition = PutObjectHandler.hasWriteConditions(req)
                ? Conditions.forWrite(req, ctx.metadata().latest(bucket, key))
                : existing -> true;

        EncryptionRecord sourceSse = EncryptionRecord.fromMap(source.encryption());
        CustomerKey sourceKey = SseHeaders.requireReadKey(req, sourceSse, SseHeaders.COPY_SOURCE_CUSTOMER,
                ctx.keys());
        SseSpec sse = SseHeaders.forWrite(req, target, ctx.keys());
        ObjectVersion copy;
        if (sourceSse == null && sse == null) {
            String dataId = source.inline() == null ? copyData(source) : null;
            copy = store.commit(bucket, new ObjectVersion(key, ObjectVersion.NULL_VERSION, false,
                    source.size(), source.etag(), Instant.now(), headers, source.checksums(), dataId, source.inline(),
                    req.principal(), List.of(), Map.of(), tags, Map.of()), precondition);
        } else {
            // Decrypt with the source's key, seal under a fresh data key of the destination's mode (or store in
            // the clear): the copy never shares a data key or a file with its source.
            KeyService.Sealed sealed = sse == null ? null : ctx.keys().newDataKey(sse);
            SecretKey sourceDataKey = sourceSse == null ? null : ctx.keys().dataKey(sourceSse, sourceKey);
            ObjectStore.StoredData data = store.storePlain(new PlainContent(ctx, source, sourceDataKey, 0,
                    source.size()), source.size(), true, sealed == null ? null : sealed.dataKey());
            copy = store.commit(bucket, new ObjectVersion(key, ObjectVersion.NULL_VERSION, false, source.size(),
                    SseHeaders.etag(data.etag(), sealed), Instant.now(), headers, source.checksums(), data.dataId(),
                    data.inline(), req.principal(), List.of(), sealed == null ? Map.of() : sealed.record().toMap(),
                    tags, Map.of()), precondition);
        }

        XmlWriter w = new XmlWriter().root("CopyObjectResult")
                .element("LastModified", S3Time.iso(copy.lastModified()))
                .element("ETag", "\"" + copy.etag() + "\"");
        for (Map.Entry<String, String> c : copy.checksums().entrySet()) {
            w.element("Checksum" + c.getKey(), c.getValue());
        }
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        if (src.versionId() != null) {
            r.headers().set("x-amz-copy-source-version-id", source.versionId());
        }
        ObjectHeaders.versionId(r.headers(), target, copy);
        lifecycle.expirationHeader(target, copy).ifPresent(x -> r.headers().set(LifecycleRules.EXPIRATION_HEADER, x));
        SseHeaders.echo(r.headers(), EncryptionRecord.fromMap(copy.encryption()),
                sse == null ? null : sse.customerKey(), ctx.keys());
        req.response().send(r, w.end().toBytes());
    }

    /** Whether a COPY|REPLACE directive header (absent: COPY) says REPLACE. */
    private static boolean replaces(S3Request req, String header, String unknown) {
        String directive = Optional.ofNullable(req.header(header)).orElse("COPY").trim();
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, unknown)
                    .detail("ArgumentName", header).detail("ArgumentValue", directive);
        }
        return directive.equals("REPLACE");
    }

    /**
     * The copy source version; a delete marker named by id cannot be copied, nor (as in S3 for archived objects)
     * content that is only on a remote tier until it is restored.
     */
    static ObjectVersion source(ServerContext ctx, CopySource src) {
        ObjectVersion v;
        try {
            v = Versions.resolve(ctx, src.bucket(), src.key(), src.versionId());
        } catch (S3Exception e) {
            if (e.code().equals(S3Error.METHOD_NOT_ALLOWED.code())) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "The source of a copy request may not specifically refer to a delete marker by version id.");
            }
            throw e;
        }
        TierState remote = TierState.remoteOnly(v);
        if (remote != null) {
            throw new S3Exception(S3Error.INVALID_OBJECT_STATE, "The source object of the COPY operation is not in "
                    + "the active tier and is only stored in " + remote.tier() + ".").detail("StorageClass",
                    remote.tier());
        }
        return v;
    }

    /** Copies the whole source into new data (kernel-side for plain files): no two versions ever share data. */
    private String copyData(ObjectVersion source) {
        DataStore.Writer writer = store.create(source.size(), false);
        try {
            store.copyInto(writer, source, 0, source.size(), null);
            writer.commit();
            return writer.id();
        } catch (IOException e) {
            writer.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
    }
}
