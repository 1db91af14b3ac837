package io.cairn.server.handlers;

import io.cairn.auth.ChecksumAlgorithm;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Time;
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
        if (!ObjectVersion.NULL_VERSION.equals(v.versionId())) {
            out.set("x-amz-version-id", v.versionId());
        }
    }

    static void checksums(HttpHeaders out, ObjectVersion v) {
        for (Map.Entry<String, String> c : v.checksums().entrySet()) {
            ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(c.getKey());
            if (alg != null) {
                out.set(alg.headerName(), c.getValue());
            }
        }
    }
}
