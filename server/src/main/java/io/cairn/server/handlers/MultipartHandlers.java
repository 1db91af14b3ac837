package io.cairn.server.handlers;

import io.cairn.auth.ChecksumAlgorithm;
import io.cairn.auth.Checksums;
import io.cairn.auth.PayloadVerifier;
import io.cairn.meta.BucketRecord;
import io.cairn.meta.CompleteResult;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartPage;
import io.cairn.meta.PartRecord;
import io.cairn.meta.PartRef;
import io.cairn.meta.UploadPage;
import io.cairn.meta.UploadQuery;
import io.cairn.meta.UploadRecord;
import io.cairn.server.ServerContext;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.S3Time;
import io.cairn.server.s3.TagSets;
import io.cairn.server.s3.UriCodec;
import io.cairn.server.sse.CustomerKey;
import io.cairn.server.sse.EncryptionRecord;
import io.cairn.server.sse.KeyService;
import io.cairn.server.sse.SseMode;
import io.cairn.server.sse.SseSpec;
import io.cairn.server.storage.DataStore;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Multipart upload: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts, ListMultipartUploads.
 * Parts are data files; Complete commits the part list in one metadata write and never copies data.
 */
final class MultipartHandlers {
    private static final int MAX_PART_NUMBER = 10_000;
    private static final int MAX_LIST = 1000;
    /** 10,000 parts with ETags and checksums. */
    private static final int MAX_COMPLETE_BODY = 4 * 1024 * 1024;
    private static final String OPT_CHECKSUM_ALGORITHM = "checksum-algorithm";
    private static final String OPT_CHECKSUM_TYPE = "checksum-type";
    /** Prefix of the upload options that hold its encryption record (one data key for all its parts). */
    private static final String OPT_SSE = "sse.";

    private final ServerContext ctx;
    private final ObjectStore store;
    private final LifecycleRules lifecycle;

    MultipartHandlers(ServerContext ctx, ObjectStore store, LifecycleRules lifecycle) {
        this.lifecycle = lifecycle;
        this.ctx = ctx;
        this.store = store;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.CreateMultipartUpload, this::create);
        table.put(S3Operation.UploadPart, this::uploadPart);
        table.put(S3Operation.UploadPartCopy, this::uploadPartCopy);
        table.put(S3Operation.CompleteMultipartUpload, this::complete);
        table.put(S3Operation.AbortMultipartUpload, this::abort);
        table.put(S3Operation.ListParts, this::listParts);
        table.put(S3Operation.ListMultipartUploads, this::listUploads);
    }

    private void create(S3Request req) {
        ObjectKeys.requireValid(req.key());
        BucketRecord bucket = Buckets.require(ctx, req.bucket());
        Map<String, String> tags = TagSets.fromHeader(req.header(TagSets.HEADER));
        Map<String, String> options = new LinkedHashMap<>();
        SseSpec sse = SseHeaders.forWrite(req, bucket, ctx.keys());
        KeyService.Sealed sealed = sse == null ? null : ctx.keys().newDataKey(sse);
        if (sealed != null) {
            sealed.record().toMap().forEach((k, v) -> options.put(OPT_SSE + k, v));
        }
        String algorithm = req.header("x-amz-checksum-algorithm");
        if (algorithm != null) {
            ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(algorithm);
            if (alg == null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Checksum algorithm provided is unsupported.");
            }
            options.put(OPT_CHECKSUM_ALGORITHM, alg.name());
        }
        String type = req.header("x-amz-checksum-type");
        if (type != null) {
            if (!type.equals("COMPOSITE") && !type.equals("FULL_OBJECT")) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
            }
            options.put(OPT_CHECKSUM_TYPE, type);
        }
        UploadRecord upload = new UploadRecord(req.key(), DataStore.newId(), Instant.now(),
                StoredHeaders.fromRequest(req), options, req.principal(), tags);
        try {
            ctx.metadata().createUpload(req.bucket(), upload);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        if (algorithm != null) {
            r.headers().set("x-amz-checksum-algorithm", options.get(OPT_CHECKSUM_ALGORITHM));
        }
        if (type != null) {
            r.headers().set("x-amz-checksum-type", type);
        }
        SseHeaders.echo(r.headers(), sealed == null ? null : sealed.record(), sse == null ? null : sse.customerKey(),
                ctx.keys());
        req.response().send(r, new XmlWriter().root("InitiateMultipartUploadResult")
                .element("Bucket", req.bucket())
                .element("Key", req.key())
                .element("UploadId", upload.uploadId())
                .end().toBytes());
    }

    private void uploadPart(S3Request req) {
        int partNumber = partNumber(req);
        UploadRecord upload = upload(req);
        RequestBodies.requireContentLength(req);
        PayloadVerifier verifier = RequestBodies.verifier(req);
        if (verifier.declaredLength() > ctx.config().maxObjectSize()) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE)
                    .detail("ProposedSize", String.valueOf(verifier.declaredLength()))
                    .detail("MaxSizeAllowed", String.valueOf(ctx.config().maxObjectSize()));
        }
        EncryptionRecord sse = encryption(upload);
        CustomerKey customerKey = partCustomerKey(req, sse);
        SecretKey dataKey = sse == null ? null : ctx.keys().dataKey(sse, customerKey);
        ObjectStore.StoredData data = store.storeBody(req, verifier, false, dataKey,
                StoredHeaders.reducedRedundancy(upload.headers()));
        PartRecord part = new PartRecord(partNumber, data.size(),
                SseHeaders.etag(data.etag(), sse == null ? null : sse.mode(), dataKey), Instant.now(), data.dataId(),
                data.checksums());
        commitPart(req, upload, part);
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.ETAG, "\"" + part.etag() + "\"");
        ObjectHeaders.checksums(r.headers(), part.checksums());
        SseHeaders.echo(r.headers(), sse, customerKey, ctx.keys());
        req.response().send(r, null);
    }

    private void uploadPartCopy(S3Request req) {
        int partNumber = partNumber(req);
        UploadRecord upload = upload(req);
        CopyObjectHandler.CopySource src = CopyObjectHandler.CopySource.parse(req.header("x-amz-copy-source"));
        ObjectKeys.requireValid(src.key());
        ObjectVersion source = CopyObjectHandler.source(ctx, src);
        Conditions.checkCopySource(req, source);
        long[] range = copyRange(req.header("x-amz-copy-source-range"), source.size());
        if (range[1] > ctx.config().maxObjectSize()) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The specified copy range is larger than the maximum "
                    + "allowable size for a part: " + ctx.config().maxObjectSize());
        }
        EncryptionRecord sourceSse = EncryptionRecord.fromMap(source.encryption());
        CustomerKey sourceKey = SseHeaders.requireReadKey(req, sourceSse, SseHeaders.COPY_SOURCE_CUSTOMER,
                ctx.keys());
        EncryptionRecord sse = encryption(upload);
        CustomerKey customerKey = partCustomerKey(req, sse);
        PartRecord part;
        if (sourceSse == null && sse == null) {
            part = copyClearPart(partNumber, source, range, StoredHeaders.reducedRedundancy(upload.headers()));
        } else {
            // Decrypt what the source needs, seal under the upload's data key: plaintext only passes through.
            SecretKey dataKey = sse == null ? null : ctx.keys().dataKey(sse, customerKey);
            SecretKey sourceDataKey = sourceSse == null ? null : ctx.keys().dataKey(sourceSse, sourceKey);
            ObjectStore.StoredData data = store.storePlain(new PlainContent(ctx, source, sourceDataKey, range[0],
                    range[1]), range[1], false, dataKey);
            part = new PartRecord(partNumber, range[1], SseHeaders.etag(data.etag(), sse == null ? null : sse.mode(),
                    dataKey), Instant.now(), data.dataId(), Map.of());
        }
        commitPart(req, upload, part);
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        SseHeaders.echo(r.headers(), sse, customerKey, ctx.keys());
        if (src.versionId() != null) {
            r.headers().set("x-amz-copy-source-version-id", source.versionId());
        }
        req.response().send(r, new XmlWriter().root("CopyPartResult")
                .element("LastModified", S3Time.iso(part.lastModified()))
                .element("ETag", "\"" + part.etag() + "\"")
                .end().toBytes());
    }

    private PartRecord copyClearPart(int partNumber, ObjectVersion source, long[] range, boolean reducedRedundancy) {
        MessageDigest md5 = ObjectStore.md5();
        DataStore.Writer writer = store.create(range[1], reducedRedundancy);
        try {
            store.copyInto(writer, source, range[0], range[1], md5);
            writer.commit();
        } catch (IOException e) {
            writer.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
        return new PartRecord(partNumber, range[1], HexFormat.of().formatHex(md5.digest()), Instant.now(),
                writer.id(), Map.of());
    }

    /** The upload's encryption record (from its options), or null when its parts are stored in the clear. */
    private static EncryptionRecord encryption(UploadRecord upload) {
        Map<String, String> m = new LinkedHashMap<>();
        upload.options().forEach((k, v) -> {
            if (k.startsWith(OPT_SSE)) {
                m.put(k.substring(OPT_SSE.length()), v);
            }
        });
        return EncryptionRecord.fromMap(m);
    }

    /** SSE-C uploads need the upload's key with every part; other uploads refuse one. */
    private CustomerKey partCustomerKey(S3Request req, EncryptionRecord sse) {
        CustomerKey given = SseHeaders.customerKey(req, SseHeaders.CUSTOMER, ctx.keys());
        boolean sseC = sse != null && sse.mode() == SseMode.SSE_C;
        if (sseC && given == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The multipart upload initiate requested encryption. "
                    + "Subsequent part requests must include the appropriate encryption parameters.");
        }
        if (!sseC && given != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The multipart upload initiate did not request "
                    + "encryption with a customer key. Subsequent part requests must not include it.");
        }
        if (sseC && !KeyService.customerKeyMatches(sse, given)) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "The provided encryption parameters did not match the ones used originally.");
        }
        return given;
    }

    /** Records a part; a part it replaces, or the part itself when the upload vanished meanwhile, is freed. */
    private void commitPart(S3Request req, UploadRecord upload, PartRecord part) {
        Optional<PartRecord> replaced;
        try {
            replaced = ctx.metadata().putPart(req.bucket(), upload.key(), upload.uploadId(), part);
        } catch (MetadataException e) {
            ctx.data().delete(part.dataId());
            throw Buckets.translate(e, req.bucket());
        } catch (RuntimeException e) {
            ctx.data().delete(part.dataId());
            throw e;
        }
        replaced.ifPresent(p -> ctx.data().delete(p.dataId()));
    }

    private void complete(S3Request req) throws MetadataException {
        BucketRecord bucket = Buckets.require(ctx, req.bucket());
        UploadRecord upload = upload(req);
        XmlNode body = XmlParser.parse(RequestBodies.readSmall(req, MAX_COMPLETE_BODY), "CompleteMultipartUpload");
        List<XmlNode> requested = body.all("Part");
        if (requested.isEmpty() || requested.size() > MAX_PART_NUMBER) {
            throw new S3Exception(S3Error.MALFORMED_XML,
                    "The XML you provided was not well-formed or did not validate against our published schema.");
        }
        Map<Integer, PartRecord> uploaded = new LinkedHashMap<>();
        for (PartRecord p : ctx.metadata().allParts(req.bucket(), upload.key(), upload.uploadId())) {
            uploaded.put(p.partNumber(), p);
        }
        List<PartRef> parts = new ArrayList<>(requested.size());
        // The order of the list is checked before its parts, as S3 does: a list out of order is InvalidPartOrder
        // even when one of its parts would also be too small.
        for (int i = 1; i < requested.size(); i++) {
            int before = parseInt(requested.get(i - 1).childText("PartNumber"));
            int number = parseInt(requested.get(i).childText("PartNumber"));
            if (before >= 1 && number >= 1 && number <= before) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER);
            }
        }
        int previous = 0;
        long size = 0;
        MessageDigest etagDigest = ObjectStore.md5();
        for (int i = 0; i < requested.size(); i++) {
            XmlNode r = requested.get(i);
            int number = parseInt(r.childText("PartNumber"));
            if (number < 1 || number > MAX_PART_NUMBER) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and "
                        + "10000, inclusive");
            }
            if (number <= previous) {
                throw new S3Exception(S3Error.INVALID_PART_ORDER);
            }
            previous = number;
            PartRecord p = uploaded.get(number);
            String etag = r.childText("ETag");
            if (p == null || etag == null || !Conditions.etagMatches(etag.strip(), p.etag())
                    || !checksumsMatch(r, p)) {
                throw new S3Exception(S3Error.INVALID_PART).detail("UploadId", upload.uploadId())
                        .detail("PartNumber", String.valueOf(number));
            }
            if (i < requested.size() - 1 && p.size() < ctx.config().minPartSize()) {
                throw new S3Exception(S3Error.ENTITY_TOO_SMALL)
                        .detail("ProposedSize", String.valueOf(p.size()))
                        .detail("MinSizeAllowed", String.valueOf(ctx.config().minPartSize()))
                        .detail("PartNumber", String.valueOf(number))
                        .detail("ETag", p.etag());
            }
            etagDigest.update(HexFormat.of().parseHex(p.etag()));
            size += p.size();
            parts.add(p.toRef());
        }
        String etag = HexFormat.of().formatHex(etagDigest.digest()) + "-" + parts.size();
        Predicate<Optional<ObjectVersion>> precondition = PutObjectHandler.hasWriteConditions(req)
                ? Conditions.forWrite(req, ctx.metadata().latest(req.bucket(), upload.key()))
                : existing -> true;
        EncryptionRecord sse = encryption(upload);
        if (sse != null) {
            // A rotation since the upload began: the object gets its data key under the current master key.
            EncryptionRecord resealed = ctx.keys().resealIfStale(sse);
            sse = resealed == null ? sse : resealed;
        }
        ObjectVersion version = new ObjectVersion(upload.key(), ObjectVersion.NULL_VERSION, false, size, etag,
                Instant.now(), upload.headers(), compositeChecksums(upload, parts), null, null, upload.owner(),
                parts, sse == null ? Map.of() : sse.toMap(), upload.tags(), Map.of());
        CompleteResult result;
        try {
            result = ctx.metadata().completeUpload(req.bucket(), upload.uploadId(), version, precondition);
        } catch (MetadataException e) {
            if (e.reason() == MetadataException.Reason.PRECONDITION_FAILED) {
                throw new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "If-Match");
            }
            throw Buckets.translate(e, req.bucket());
        }
        result.unusedParts().forEach(p -> ctx.data().delete(p.dataId()));
        store.freeAll(result.write().displaced());
        ObjectVersion written = result.write().written();

        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        ObjectHeaders.versionId(r.headers(), bucket, written);
        lifecycle.expirationHeader(bucket, written).ifPresent(x -> r.headers().set(LifecycleRules.EXPIRATION_HEADER, x));
        SseHeaders.echo(r.headers(), sse, null, ctx.keys());
        XmlWriter w = new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", location(req, upload.key()))
                .element("Bucket", req.bucket())
                .element("Key", upload.key())
                .element("ETag", "\"" + etag + "\"");
        for (Map.Entry<String, String> c : written.checksums().entrySet()) {
            w.element("Checksum" + c.getKey(), c.getValue());
        }
        if (!written.checksums().isEmpty()) {
            w.element("ChecksumType", "COMPOSITE");
        }
        req.response().send(r, w.end().toBytes());
    }

    private void abort(S3Request req) {
        List<PartRecord> parts;
        try {
            parts = ctx.metadata().abortUpload(req.bucket(), req.key(), upload(req).uploadId());
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        parts.forEach(p -> ctx.data().delete(p.dataId()));
        req.sendEmpty(204);
    }

    private void listParts(S3Request req) throws MetadataException {
        UploadRecord upload = upload(req);
        int marker = optionalInt(req, "part-number-marker", 0);
        int max = Math.min(optionalInt(req, "max-parts", MAX_LIST), MAX_LIST);
        PartPage page;
        try {
            page = ctx.metadata().listParts(req.bucket(), upload.key(), upload.uploadId(), marker, max);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        String algorithm = upload.options().get(OPT_CHECKSUM_ALGORITHM);
        XmlWriter w = new XmlWriter().root("ListPartsResult")
                .element("Bucket", req.bucket())
                .element("Key", upload.key())
                .element("UploadId", upload.uploadId());
        owner(w, "Initiator", upload.owner());
        owner(w, "Owner", upload.owner());
        w.element("StorageClass", storageClass(upload.headers()))
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", page.nextPartNumberMarker())
                .element("MaxParts", max)
                .element("IsTruncated", page.truncated());
        if (algorithm != null) {
            w.element("ChecksumAlgorithm", algorithm);
        }
        for (PartRecord p : page.parts()) {
            w.start("Part")
                    .element("PartNumber", p.partNumber())
                    .element("LastModified", S3Time.iso(p.lastModified()))
                    .element("ETag", "\"" + p.etag() + "\"")
                    .element("Size", p.size());
            for (Map.Entry<String, String> c : p.checksums().entrySet()) {
                w.element("Checksum" + c.getKey(), c.getValue());
            }
            w.end();
        }
        req.sendXml(200, w.end().toBytes());
    }

    private void listUploads(S3Request req) {
        Buckets.require(ctx, req.bucket());
        String prefix = req.param("prefix") == null ? "" : req.param("prefix");
        String delimiter = emptyToNull(req.param("delimiter"));
        String keyMarker = emptyToNull(req.param("key-marker"));
        String uploadIdMarker = keyMarker == null ? null : emptyToNull(req.param("upload-id-marker"));
        int max = Math.min(optionalInt(req, "max-uploads", MAX_LIST), MAX_LIST);
        String encoding = req.param("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
                    .detail("ArgumentName", "encoding-type").detail("ArgumentValue", encoding);
        }
        UnaryOperator<String> enc = encoding != null ? UriCodec::encodeKey : s -> s;
        UploadPage page;
        try {
            page = ctx.metadata().listUploads(req.bucket(),
                    new UploadQuery(prefix, delimiter, keyMarker, uploadIdMarker, max));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        XmlWriter w = new XmlWriter().root("ListMultipartUploadsResult")
                .element("Bucket", req.bucket())
                .elementOrEmpty("KeyMarker", enc.apply(keyMarker))
                .elementOrEmpty("UploadIdMarker", uploadIdMarker)
                .elementOrEmpty("NextKeyMarker", page.truncated() ? enc.apply(page.nextKeyMarker()) : null)
                .elementOrEmpty("NextUploadIdMarker", page.truncated() ? page.nextUploadIdMarker() : null)
                .elementOrEmpty("Prefix", enc.apply(prefix));
        if (delimiter != null) {
            w.element("Delimiter", enc.apply(delimiter));
        }
        w.element("MaxUploads", max).element("IsTruncated", page.truncated());
        if (encoding != null) {
            w.element("EncodingType", "url");
        }
        for (UploadRecord u : page.uploads()) {
            w.start("Upload").element("Key", enc.apply(u.key())).element("UploadId", u.uploadId());
            owner(w, "Initiator", u.owner());
            owner(w, "Owner", u.owner());
            w.element("StorageClass", storageClass(u.headers())).element("Initiated", S3Time.iso(u.initiated()));
            String algorithm = u.options().get(OPT_CHECKSUM_ALGORITHM);
            if (algorithm != null) {
                w.element("ChecksumAlgorithm", algorithm);
            }
            w.end();
        }
        for (String p : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", enc.apply(p)).end();
        }
        req.sendXml(200, w.end().toBytes());
    }

    // ---- helpers ----

    private UploadRecord upload(S3Request req) {
        ObjectKeys.requireValid(req.key());
        String uploadId = req.param("uploadId");
        if (uploadId == null || uploadId.isEmpty() || uploadId.indexOf('\0') >= 0) {
            throw new S3Exception(S3Error.NO_SUCH_UPLOAD).detail("UploadId", uploadId);
        }
        try {
            return ctx.metadata().upload(req.bucket(), req.key(), uploadId)
                    .orElseThrow(() -> new S3Exception(S3Error.NO_SUCH_UPLOAD).detail("UploadId", uploadId));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
    }

    private static int partNumber(S3Request req) {
        int n = parseInt(req.param("partNumber"));
        if (n < 1 || n > MAX_PART_NUMBER) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, "
                    + "inclusive").detail("ArgumentName", "partNumber").detail("ArgumentValue", req.param("partNumber"));
        }
        return n;
    }

    /** {@code bytes=first-last} within the source; absent means the whole source. Returns {first, length}. */
    static long[] copyRange(String header, long size) {
        if (header == null) {
            return new long[]{0, size};
        }
        String h = header.trim();
        int dash = h.indexOf('-');
        if (!h.startsWith("bytes=") || dash < 0) {
            throw badCopyRange();
        }
        long first;
        long last;
        try {
            first = Long.parseLong(h.substring(6, dash).trim());
            last = Long.parseLong(h.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw badCopyRange();
        }
        if (first < 0 || last < first) {
            throw badCopyRange();
        }
        if (last >= size) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "Range specified is not valid for source object of size: " + size)
                    .detail("ArgumentName", "x-amz-copy-source-range").detail("ArgumentValue", header);
        }
        return new long[]{first, last - first + 1};
    }

    private static S3Exception badCopyRange() {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form "
                + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes to "
                + "copy").detail("ArgumentName", "x-amz-copy-source-range");
    }

    /** A checksum given in the completion for a part must be the one the part was uploaded with. */
    private static boolean checksumsMatch(XmlNode requested, PartRecord p) {
        for (ChecksumAlgorithm alg : ChecksumAlgorithm.values()) {
            String given = requested.childText("Checksum" + alg.name());
            if (given != null && !given.strip().equals(p.checksums().get(alg.name()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * S3's composite checksum: the checksum of the concatenated part checksums, suffixed with the part count.
     * Only when the upload asked for an algorithm and every part carries it.
     */
    private static Map<String, String> compositeChecksums(UploadRecord upload, List<PartRef> parts) {
        String name = upload.options().get(OPT_CHECKSUM_ALGORITHM);
        if (name == null || "FULL_OBJECT".equals(upload.options().get(OPT_CHECKSUM_TYPE))) {
            return Map.of();
        }
        ChecksumAlgorithm alg = ChecksumAlgorithm.valueOf(name);
        java.io.ByteArrayOutputStream concat = new java.io.ByteArrayOutputStream();
        for (PartRef p : parts) {
            String value = p.checksums().get(name);
            byte[] raw = value == null ? null : Checksums.decode(alg, value);
            if (raw == null) {
                return Map.of();
            }
            concat.writeBytes(raw);
        }
        String composite = Checksums.base64(alg, ByteBuffer.wrap(concat.toByteArray())) + "-" + parts.size();
        return Map.of(name, composite);
    }

    private static String location(S3Request req, String key) {
        String host = req.header(HttpHeaderNames.HOST);
        return "http://" + (host == null ? "localhost" : host) + "/" + req.bucket() + "/" + UriCodec.encodeKey(key);
    }

    private static void owner(XmlWriter w, String element, String id) {
        w.start(element).element("ID", id).element("DisplayName", id).end();
    }

    private static int optionalInt(S3Request req, String name, int dflt) {
        String v = req.param(name);
        if (v == null) {
            return dflt;
        }
        int n = parseInt(v);
        if (n < 0) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Argument " + name + " must be a non-negative integer")
                    .detail("ArgumentName", name).detail("ArgumentValue", v);
        }
        return n;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String storageClass(Map<String, String> headers) {
        return headers.getOrDefault(StoredHeaders.STORAGE_CLASS, "STANDARD");
    }
}
