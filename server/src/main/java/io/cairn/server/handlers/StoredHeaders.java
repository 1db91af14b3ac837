package io.cairn.server.handlers;

import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which request headers an object keeps and returns: the standard content headers, x-amz-meta-*, and the storage
 * class when it is not STANDARD.
 */
final class StoredHeaders {
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
    static final String STORAGE_CLASS = "x-amz-storage-class";
    static final String REDUCED_REDUNDANCY = "REDUCED_REDUNDANCY";
    private static final int MAX_USER_METADATA_BYTES = 2048;
    private static final List<String> CONTENT_HEADERS = List.of(
            "content-type", "cache-control", "content-disposition", "content-encoding", "content-language",
            "expires", "x-amz-website-redirect-location");

    private StoredHeaders() {
    }

    /** The headers to store for a new object written by this request. */
    static Map<String, String> fromRequest(S3Request req) {
        HttpHeaders h = req.headers();
        Map<String, String> stored = new LinkedHashMap<>();
        for (String name : CONTENT_HEADERS) {
            String v = h.get(name);
            if (v == null) {
                continue;
            }
            if (name.equals("content-encoding")) {
                v = withoutAwsChunked(v);
                if (v.isEmpty()) {
                    continue;
                }
            }
            stored.put(name, v);
        }
        stored.putIfAbsent("content-type", DEFAULT_CONTENT_TYPE);
        int userBytes = 0;
        for (Map.Entry<String, String> e : h) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-meta-") && !stored.containsKey(name)) {
                stored.put(name, e.getValue());
                userBytes += name.length() - "x-amz-meta-".length()
                        + e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (userBytes > MAX_USER_METADATA_BYTES) {
            throw new S3Exception(S3Error.METADATA_TOO_LARGE)
                    .detail("MaxSizeAllowed", String.valueOf(MAX_USER_METADATA_BYTES))
                    .detail("Size", String.valueOf(userBytes));
        }
        return withStorageClass(req, stored);
    }

    /**
     * Sets the storage class the request asks for on headers to store: STANDARD (also when not given, as S3 does for
     * copies) is not stored; REDUCED_REDUNDANCY is, and is kept with less parity on an erasure set; the classes of
     * AWS's other storage tiers do not exist here.
     */
    static Map<String, String> withStorageClass(S3Request req, Map<String, String> stored) {
        String requested = req.header(STORAGE_CLASS);
        stored.remove(STORAGE_CLASS);
        if (requested == null || requested.equals("STANDARD")) {
            return stored;
        }
        if (!requested.equals(REDUCED_REDUNDANCY)) {
            throw new S3Exception("InvalidStorageClass", 400, "The storage class you specified is not valid")
                    .detail("StorageClassRequested", requested);
        }
        stored.put(STORAGE_CLASS, requested);
        return stored;
    }

    /** Whether stored headers say REDUCED_REDUNDANCY. */
    static boolean reducedRedundancy(Map<String, String> stored) {
        return REDUCED_REDUNDANCY.equals(stored.get(STORAGE_CLASS));
    }

    /** aws-chunked is the transfer framing of the upload, not an encoding of the stored content. */
    private static String withoutAwsChunked(String contentEncoding) {
        StringBuilder out = new StringBuilder();
        for (String part : contentEncoding.split(",")) {
            String p = part.trim();
            if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
                if (!out.isEmpty()) {
                    out.append(',');
                }
                out.append(p);
            }
        }
        return out.toString();
    }
}
