package io.cairn.server.handlers;

import io.cairn.meta.ListPage;
import io.cairn.meta.ListQuery;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.VersionPage;
import io.cairn.meta.VersionQuery;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.S3Time;
import io.cairn.server.s3.UriCodec;
import io.cairn.server.tier.TierState;
import io.cairn.server.xml.XmlWriter;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/** ListObjects (v1) and ListObjectsV2. */
final class ListObjectsHandler {
    private static final int MAX_KEYS = 1000;

    private final ServerContext ctx;

    ListObjectsHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.ListObjects, this::listV1);
        table.put(S3Operation.ListObjectsV2, this::listV2);
        table.put(S3Operation.ListObjectVersions, this::listVersions);
    }

    private void listVersions(S3Request req) {
        Params p = Params.of(req);
        String keyMarker = emptyToNull(req.param("key-marker"));
        String versionIdMarker = emptyToNull(req.param("version-id-marker"));
        if (versionIdMarker != null && keyMarker == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "A version-id marker cannot be specified without a key marker.")
                    .detail("ArgumentName", "version-id-marker").detail("ArgumentValue", versionIdMarker);
        }
        VersionPage page;
        try {
            page = ctx.metadata().listVersions(req.bucket(),
                    new VersionQuery(p.prefix, p.delimiter, keyMarker, versionIdMarker, p.maxKeys));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid version id specified")
                    .detail("ArgumentName", "version-id-marker").detail("ArgumentValue", versionIdMarker);
        }
        UnaryOperator<String> enc = p.encoder();
        XmlWriter w = new XmlWriter().root("ListVersionsResult")
                .element("Name", req.bucket())
                .elementOrEmpty("Prefix", enc.apply(p.prefix))
                .elementOrEmpty("KeyMarker", enc.apply(keyMarker))
                .elementOrEmpty("VersionIdMarker", versionIdMarker);
        if (page.truncated()) {
            w.element("NextKeyMarker", enc.apply(page.nextKeyMarker()))
                    .element("NextVersionIdMarker", page.nextVersionIdMarker());
        }
        w.element("MaxKeys", p.maxKeys);
        if (p.delimiter != null) {
            w.element("Delimiter", enc.apply(p.delimiter));
        }
        w.element("IsTruncated", page.truncated());
        if (p.urlEncoding) {
            w.element("EncodingType", "url");
        }
        for (VersionPage.Entry e : page.versions()) {
            ObjectVersion v = e.version();
            w.start(v.deleteMarker() ? "DeleteMarker" : "Version")
                    .element("Key", enc.apply(v.key()))
                    .element("VersionId", v.versionId())
                    .element("IsLatest", e.latest())
                    .element("LastModified", S3Time.iso(v.lastModified()));
            if (!v.deleteMarker()) {
                w.element("ETag", "\"" + v.etag() + "\"").element("Size", v.size());
                for (String alg : v.checksums().keySet()) {
                    w.element("ChecksumAlgorithm", alg);
                }
                w.element("StorageClass", TierState.storageClass(v));
            }
            w.start("Owner").element("ID", v.owner()).element("DisplayName", v.owner()).end();
            w.end();
        }
        for (String prefix : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", enc.apply(prefix)).end();
        }
        req.sendXml(200, w.end().toBytes());
    }

    private void listV1(S3Request req) {
        Params p = Params.of(req);
        String marker = req.param("marker");
        ListPage page = list(req, new ListQuery(p.prefix, p.delimiter, emptyToNull(marker), p.maxKeys));
        UnaryOperator<String> enc = p.encoder();
        XmlWriter w = new XmlWriter().root("ListBucketResult")
                .element("Name", req.bucket())
                .elementOrEmpty("Prefix", enc.apply(p.prefix))
                .elementOrEmpty("Marker", enc.apply(marker))
                .element("MaxKeys", p.maxKeys);
        if (p.delimiter != null) {
            w.element("Delimiter", enc.apply(p.delimiter));
        }
        w.element("IsTruncated", page.truncated());
        if (page.truncated() && p.delimiter != null) {
            // S3 returns NextMarker only with a delimiter; without one the last key is the marker.
            w.element("NextMarker", enc.apply(page.nextMarker()));
        }
        if (p.urlEncoding) {
            w.element("EncodingType", "url");
        }
        contents(w, page, enc, true);
        req.sendXml(200, w.end().toBytes());
    }

    private void listV2(S3Request req) {
        Params p = Params.of(req);
        String token = req.param("continuation-token");
        String startAfter = req.param("start-after");
        String from = token != null ? decodeToken(token) : emptyToNull(startAfter);
        if (token != null && startAfter != null && startAfter.compareTo(from) > 0) {
            from = startAfter;
        }
        boolean fetchOwner = "true".equals(req.param("fetch-owner"));
        ListPage page = list(req, new ListQuery(p.prefix, p.delimiter, from, p.maxKeys));
        UnaryOperator<String> enc = p.encoder();
        XmlWriter w = new XmlWriter().root("ListBucketResult")
                .element("Name", req.bucket())
                .elementOrEmpty("Prefix", enc.apply(p.prefix));
        if (startAfter != null) {
            w.element("StartAfter", enc.apply(startAfter));
        }
        if (token != null) {
            w.element("ContinuationToken", token);
        }
        w.element("KeyCount", page.objects().size() + page.commonPrefixes().size())
                .element("MaxKeys", p.maxKeys);
        if (p.delimiter != null) {
            w.element("Delimiter", enc.apply(p.delimiter));
        }
        w.element("IsTruncated", page.truncated());
        if (page.truncated()) {
            w.element("NextContinuationToken", encodeToken(page.nextMarker()));
        }
        if (p.urlEncoding) {
            w.element("EncodingType", "url");
        }
        contents(w, page, enc, fetchOwner);
        req.sendXml(200, w.end().toBytes());
    }

    private ListPage list(S3Request req, ListQuery q) {
        try {
            return ctx.metadata().listObjects(req.bucket(), q);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
    }

    private static void contents(XmlWriter w, ListPage page, UnaryOperator<String> enc, boolean owner) {
        for (ObjectVersion v : page.objects()) {
            w.start("Contents")
                    .element("Key", enc.apply(v.key()))
                    .element("LastModified", S3Time.iso(v.lastModified()))
                    .element("ETag", "\"" + v.etag() + "\"");
            for (String alg : v.checksums().keySet()) {
                w.element("ChecksumAlgorithm", alg);
            }
            w.element("Size", v.size());
            if (owner) {
                w.start("Owner").element("ID", v.owner()).element("DisplayName", v.owner()).end();
            }
            w.element("StorageClass", TierState.storageClass(v)).end();
        }
        for (String prefix : page.commonPrefixes()) {
            w.start("CommonPrefixes").element("Prefix", enc.apply(prefix)).end();
        }
    }

    private static String encodeToken(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String marker = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (marker.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return marker;
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect")
                    .detail("ArgumentName", "continuation-token");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private record Params(String prefix, String delimiter, int maxKeys, boolean urlEncoding) {
        static Params of(S3Request req) {
            String prefix = req.param("prefix");
            String delimiter = emptyToNull(req.param("delimiter"));
            String encoding = req.param("encoding-type");
            if (encoding != null && !encoding.equals("url")) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
                        .detail("ArgumentName", "encoding-type").detail("ArgumentValue", encoding);
            }
            int maxKeys = MAX_KEYS;
            String mk = req.param("max-keys");
            if (mk != null) {
                try {
                    maxKeys = Math.min(Integer.parseInt(mk.trim()), MAX_KEYS);
                } catch (NumberFormatException e) {
                    maxKeys = -1;
                }
                if (maxKeys < 0) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Provided max-keys not an integer or within "
                            + "integer range").detail("ArgumentName", "max-keys").detail("ArgumentValue", mk);
                }
            }
            return new Params(prefix == null ? "" : prefix, delimiter, maxKeys, encoding != null);
        }

        UnaryOperator<String> encoder() {
            return urlEncoding ? UriCodec::encodeKey : s -> s;
        }
    }
}
