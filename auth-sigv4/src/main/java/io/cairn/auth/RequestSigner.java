package io.cairn.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Client-side SigV4 for S3: signs requests (Authorization header) and presigns URLs (X-Amz-* query) with one
 * credential, through the same canonicaliser the server verifies with, so the two can never disagree.
 * Thread-safe; a benchmark's generator signs every request with one instance.
 */
public final class RequestSigner {
    /** The payload hash of a body the signature does not cover: no SHA-256 pass over the data. */
    public static final String UNSIGNED_PAYLOAD = PayloadHash.UNSIGNED_PAYLOAD;
    /** The payload hash of an empty body. */
    public static final String EMPTY_PAYLOAD_SHA256 = Crypto.EMPTY_SHA256_HEX;

    private static final long MAX_PRESIGN_SECONDS = 604800;

    private final String accessKey;
    private final String secretKey;
    private final String region;
    /** The key of the last date signed for. It changes once a day, so one entry is the whole cache. */
    private volatile DatedKey cachedKey;

    public RequestSigner(String accessKey, String secretKey, String region) {
        this.accessKey = requireNonBlank(accessKey, "access key");
        this.secretKey = requireNonBlank(secretKey, "secret key");
        this.region = requireNonBlank(region, "region");
    }

    /** {@code 20130524T000000Z}: the form x-amz-date and X-Amz-Date take. */
    public static String amzDate(Instant time) {
        return AmzDates.formatBasic(time);
    }

    /**
     * The Authorization header value for a request. Every header in {@code headers} is signed; it must hold
     * {@code host} and {@code x-amz-date}, and should hold {@code x-amz-content-sha256} (S3 requires it) with
     * the same value as {@code payloadHash}.
     *
     * @param rawPath     the path exactly as it goes on the wire (percent-encoded)
     * @param rawQuery    the query exactly as it goes on the wire, without '?'; empty when none
     * @param headers     header names in lower case
     * @param payloadHash hex SHA-256 of the body, or {@link #UNSIGNED_PAYLOAD}
     */
    public String authorization(String method, String rawPath, String rawQuery,
                                Map<String, List<String>> headers, String payloadHash) {
        String amzDate = single(headers, "x-amz-date");
        if (amzDate == null || amzDate.length() != 16) {
            throw new IllegalArgumentException("x-amz-date must be set to a yyyyMMdd'T'HHmmss'Z' time");
        }
        if (single(headers, "host") == null) {
            throw new IllegalArgumentException("the host header must be signed");
        }
        List<String> signedHeaders = new ArrayList<>(headers.keySet());
        for (String name : signedHeaders) {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header names must be lower case: " + name);
            }
        }
        // Canonical headers are sorted by name; the verifier canonicalises in the order SignedHeaders lists.
        Collections.sort(signedHeaders);
        String date = amzDate.substring(0, 8);
        String scope = SigV4Signer.scope(date, region);
        SignableRequest request = new SignableRequest(method, rawPath, rawQuery, headers, null);
        byte[] signature = SigV4Signer.signatureHex(signingKey(date), amzDate, scope, request, signedHeaders,
                payloadHash, false);
        return SigV4Signer.ALGORITHM + " Credential=" + accessKey + "/" + scope + ", SignedHeaders="
                + String.join(";", signedHeaders) + ", Signature="
                + new String(signature, StandardCharsets.US_ASCII);
    }

    /**
     * The query string of a presigned URL: {@code rawQuery} (may be empty) followed by the X-Amz-* parameters
     * and the signature. Only the host header is signed, and the payload is UNSIGNED-PAYLOAD, as SDK
     * presigners do; anyone holding the URL may send the request until it expires.
     *
     * @param host    the Host header the request will carry, e.g. {@code 127.0.0.1:9000}
     * @param time    the signing time (X-Amz-Date)
     * @param expires validity, 1 second to 7 days
     */
    public String presignedQuery(String method, String rawPath, String rawQuery, String host, Instant time,
                                 Duration expires) {
        long seconds = expires.toSeconds();
        if (seconds < 1 || seconds > MAX_PRESIGN_SECONDS) {
            throw new IllegalArgumentException("a presigned URL is valid 1 second to 7 days, not " + expires);
        }
        String amzDate = amzDate(time);
        String date = amzDate.substring(0, 8);
        String scope = SigV4Signer.scope(date, region);
        StringBuilder query = new StringBuilder(256);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            query.append(rawQuery).append('&');
        }
        query.append("X-Amz-Algorithm=").append(SigV4Signer.ALGORITHM)
                .append("&X-Amz-Credential=").append(encodeComponent(accessKey + "/" + scope))
                .append("&X-Amz-Date=").append(amzDate)
                .append("&X-Amz-Expires=").append(seconds)
                .append("&X-Amz-SignedHeaders=host");
        SignableRequest request = new SignableRequest(method, rawPath, query.toString(),
                Map.of("host", List.of(host)), null);
        byte[] signature = SigV4Signer.signatureHex(signingKey(date), amzDate, scope, request, List.of("host"),
                UNSIGNED_PAYLOAD, true);
        return query.append('&').append(SigV4Signer.SIGNATURE_PARAM).append('=')
                .append(new String(signature, StandardCharsets.US_ASCII)).toString();
    }

    /** SigV4 percent-encoding of one query name or value (everything but unreserved characters, '/' too). */
    public static String encodeComponent(String value) {
        return UriEncoding.encode(value.getBytes(StandardCharsets.UTF_8), false);
    }

    /** SigV4 percent-encoding of a path: like {@link #encodeComponent} but '/' stays. */
    public static String encodePath(String path) {
        return UriEncoding.encode(path.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Four HMACs per derivation: worth skipping on a generator's hot path, where the date rarely changes. */
    private byte[] signingKey(String date) {
        DatedKey cached = cachedKey;
        if (cached != null && cached.date.equals(date)) {
            return cached.key;
        }
        byte[] key = SigV4Signer.signingKey(secretKey, date, region, SigV4Signer.SERVICE);
        cachedKey = new DatedKey(date, key);
        return key;
    }

    private static String single(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is required");
        }
        return value;
    }

    /** A signing key and the date it was derived for; never mutated, so it is safely shared through a volatile. */
    private record DatedKey(String date, byte[] key) {
    }
}
