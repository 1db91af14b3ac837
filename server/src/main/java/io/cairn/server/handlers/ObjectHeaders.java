package io.cairn.server.handlers;

import io.cairn.auth.ChecksumAlgorithm;
import io.cairn.meta.BucketRecord;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Time;
import io.cairn.server.s3.TagSets;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Map;

/** The headers an object's GET/HEAD response carries, with the response-* overrides. */
final class ObjectHeaders {
    private static final Map<String, String> OVERRIDES = Map.of(
            "response-content-type", "content-type",
            "response-content-language", "content-language",
            "response-expires", "expires",
            "response-cache-control", "cache-control",
            "response-content-disposition", "content-disposition",
            "response-content-encoding", "content-encoding");

    private ObjectHeaders() {
    }

    static void apply(HttpHeaders out, ObjectVersion v, S3Request req) {
        for (Map.Entry<String, String> e : v.headers().entrySet()) {
            out.set(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> o : OVERRIDES.entrySet()) {
            String value = req.param(o.getKey());
            if (value != null) {
                out.set(o.getValue(), value);
            }
        }
        out.set(HttpHeaderNames.ETAG, "\"" + v.etag() + "\"");
        out.set(HttpHeaderNames.LAST_MODIFIED, S3Time.http(v.lastModified()));
        out.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        // A "null" version is named only when asked for by id: an unversioned bucket's objects carry no id.
        if (!ObjectVersion.NULL_VERSION.equals(v.versionId()) || req.param("versionId") != null) {
            out.set("x-amz-version-id", v.versionId());
        }
        if (v.isMultipart()) {
            out.set("x-amz-mp-parts-count", v.parts().size());
        }
        if (!v.tags().isEmpty()) {
            out.set(TagSets.COUNT_HEADER, v.tags().size());
        }
    }

    /** Write responses name the version they created whenever the bucket has versioning (even "null"). */
    static void versionId(HttpHeaders out, BucketRecord bucket, ObjectVersion written) {
        if (Buckets.versioned(bucket)) {
            out.set("x-amz-version-id", written.versionId());
        }
    }

    static void checksums(HttpHeaders out, ObjectVersion v) {
        checksums(out, v.checksums());
        if (v.isMultipart() && !v.checksums().isEmpty()) {
            out.set("x-amz-checksum-type", "COMPOSITE");
        }
    }

    static void checksums(HttpHeaders out, Map<String, String> checksums) {
        for (Map.Entry<String, String> c : checksums.entrySet()) {
            ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(c.getKey());
            if (alg != null) {
                out.set(alg.headerName(), c.getValue());
            }
        }
    }
}
