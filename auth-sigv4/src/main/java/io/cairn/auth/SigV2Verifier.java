package io.cairn.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Verifies the legacy SigV2 (HMAC-SHA1) Authorization header and presigned query. */
final class SigV2Verifier {
    /**
     * The query parameters SigV2 signs as sub-resources: those in the S3 SigV2 documentation plus the later
     * ones that SDKs and other servers (botocore, MinIO) also sign.
     */
    private static final Set<String> SUB_RESOURCES = Set.of(
            "accelerate", "acl", "analytics", "cors", "delete", "encryption", "inventory", "legal-hold",
            "lifecycle", "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy",
            "replication", "requestPayment", "restore", "retention", "select", "select-type", "tagging", "torrent",
            "uploadId", "uploads", "versionId", "versioning", "versions", "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires");

    private final CredentialProvider credentials;
    private final Clock clock;

    SigV2Verifier(CredentialProvider credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    AuthContext verifyHeader(SignableRequest request, String authorization) throws AuthException {
        String rest = authorization.substring("AWS ".length()).strip();
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new AuthException(AuthError.INVALID_ARGUMENT,
                    "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
        }
        String accessKeyId = rest.substring(0, colon);
        String signature = rest.substring(colon + 1).strip();

        String amzDate = request.header("x-amz-date");
        Instant date = amzDate != null ? AmzDates.parseAny(amzDate) : AmzDates.parseHttpDate(request.header("date"));
        if (date == null) {
            throw new AuthException(AuthError.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header");
        }
        Instant now = clock.instant();
        if (Duration.between(date, now).abs().compareTo(SigV4Verifier.MAX_SKEW) > 0) {
            throw SigV4Verifier.tooSkewed(amzDate != null ? amzDate : request.header("date"), now);
        }
        // With x-amz-date present the Date line is empty: the date is signed as an amz header instead.
        String dateLine = amzDate != null ? "" : request.header("date").strip();
        verify(request, accessKeyId, signature, dateLine);
        return context(accessKeyId, AuthType.HEADER_V2, request);
    }

    AuthContext verifyPresigned(SignableRequest request, QueryParams query) throws AuthException {
        String accessKeyId = query.first("AWSAccessKeyId");
        String signature = query.first("Signature");
        String expires = query.first("Expires");
        if (accessKeyId == null || signature == null || expires == null) {
            throw new AuthException(AuthError.ACCESS_DENIED, "Query-string authentication requires the "
                    + "Signature, Expires and AWSAccessKeyId parameters");
        }
        long expiresEpoch;
        try {
            expiresEpoch = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new AuthException(AuthError.ACCESS_DENIED, "Invalid date (should be seconds since epoch): "
                    + expires);
        }
        if (clock.instant().getEpochSecond() > expiresEpoch) {
            throw new AuthException(AuthError.ACCESS_DENIED, "Request has expired");
        }
        verify(request, accessKeyId, signature, expires.strip());
        return context(accessKeyId, AuthType.PRESIGNED_V2, request);
    }

    private void verify(SignableRequest request, String accessKeyId, String signature, String dateLine)
            throws AuthException {
        String secret = CredentialLookup.secretKey(credentials, accessKeyId);
        if (secret == null) {
            throw new AuthException(AuthError.INVALID_ACCESS_KEY_ID,
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        String stringToSign = stringToSign(request, dateLine);
        byte[] expected = Base64.getEncoder().encode(
                Crypto.hmacSha1(secret.getBytes(StandardCharsets.UTF_8), stringToSign));
        if (!Crypto.sameSignature(expected, signature)) {
            throw SigV4Verifier.signatureMismatch();
        }
    }

    static String stringToSign(SignableRequest request, String dateLine) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append('\n');
        sb.append(headerOrEmpty(request, "content-md5")).append('\n');
        sb.append(headerOrEmpty(request, "content-type")).append('\n');
        sb.append(dateLine).append('\n');
        appendAmzHeaders(sb, request.headers());
        appendResource(sb, request);
        return sb.toString();
    }

    private static String headerOrEmpty(SignableRequest request, String name) {
        String value = request.header(name);
        return value == null ? "" : value.strip();
    }

    private static void appendAmzHeaders(StringBuilder sb, Map<String, List<String>> headers) {
        TreeMap<String, List<String>> amz = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-") && header.getValue() != null) {
                List<String> values = amz.computeIfAbsent(name, n -> new ArrayList<>());
                for (String value : header.getValue()) {
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> header : amz.entrySet()) {
            sb.append(header.getKey()).append(':');
            List<String> values = header.getValue();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(values.get(i).strip());
            }
            sb.append('\n');
        }
    }

    /** The bucket (virtual-hosted), the path exactly as sent, and the signed sub-resources, sorted. */
    private static void appendResource(StringBuilder sb, SignableRequest request) {
        if (request.virtualHostBucket() != null) {
            sb.append('/').append(request.virtualHostBucket());
        }
        String path = request.rawPath();
        sb.append(path == null || path.isEmpty() ? "/" : path);
        List<QueryParams.Param> subResources = new ArrayList<>();
        for (QueryParams.Param p : QueryParams.parse(request.rawQuery()).all()) {
            if (SUB_RESOURCES.contains(p.name())) {
                subResources.add(p);
            }
        }
        subResources.sort((a, b) -> a.name().compareTo(b.name()));
        char separator = '?';
        for (QueryParams.Param p : subResources) {
            sb.append(separator).append(p.name());
            String value = p.value();
            if (!value.isEmpty()) {
                sb.append('=').append(value);
            }
            separator = '&';
        }
    }

    /** SigV2 never covers the body, except that an aws-chunked unsigned-trailer body still has to be decoded. */
    static AuthContext context(String accessKeyId, AuthType type, SignableRequest request) {
        PayloadMode mode = PayloadHash.STREAMING_UNSIGNED_TRAILER.equals(
                SigV4Verifier.trimmed(request.header("x-amz-content-sha256")))
                ? PayloadMode.STREAMING_UNSIGNED_TRAILER : PayloadMode.UNSIGNED;
        return new AuthContext(accessKeyId, type, mode, null, null, null, null, null);
    }
}
