package io.cairn.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Verifies SigV4: the Authorization header form and the presigned query form. */
final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final long MAX_EXPIRES_SECONDS = 604800;
    private static final String HEADER_MALFORMED = "The authorization header is malformed; ";
    private static final String[] PRESIGN_PARAMS = {
        "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
        SigV4Signer.SIGNATURE_PARAM};

    private final CredentialProvider credentials;
    private final String region;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys();

    SigV4Verifier(CredentialProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    AuthContext verifyHeader(SignableRequest request, String authorization) throws AuthException {
        HeaderFields fields = HeaderFields.parse(authorization);
        CredentialScope credential = CredentialScope.parse(fields.credential);
        if (credential == null) {
            throw headerMalformed("the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        String problem = credential.problem(region);
        if (problem != null) {
            throw headerMalformed(problem);
        }
        List<String> signedHeaders = signedHeaders(fields.signedHeaders, AuthError.AUTHORIZATION_HEADER_MALFORMED,
                HEADER_MALFORMED);

        String amzDate = trimmed(request.header("x-amz-date"));
        Instant date;
        if (amzDate != null) {
            date = AmzDates.parseBasic(amzDate);
        } else {
            date = AmzDates.parseHttpDate(request.header("date"));
            amzDate = date == null ? null : AmzDates.formatBasic(date);
        }
        if (date == null) {
            throw new AuthException(AuthError.ACCESS_DENIED,
                    "AWS authentication requires a valid Date or x-amz-date header");
        }
        if (!amzDate.startsWith(credential.date())) {
            throw headerMalformed("Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        checkSkew(date, amzDate);

        String payloadHash = trimmed(request.header("x-amz-content-sha256"));
        if (payloadHash == null) {
            throw new AuthException(AuthError.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        PayloadMode mode = PayloadHash.mode(payloadHash);
        if (mode == null) {
            throw PayloadHash.invalid();
        }

        String secret = secretKey(credential.accessKeyId());
        requireAmzHeadersSigned(request, signedHeaders, true);
        byte[] signingKey = signingKeys.get(secret, credential.date(), region);
        String scope = credential.scope();
        byte[] expected = SigV4Signer.signatureHex(signingKey, amzDate, scope, request, signedHeaders, payloadHash,
                false);
        if (!Crypto.sameSignature(expected, fields.signature)) {
            throw signatureMismatch();
        }
        return new AuthContext(credential.accessKeyId(), AuthType.HEADER_V4, mode,
                mode == PayloadMode.SIGNED ? payloadHash.toLowerCase(Locale.ROOT) : null, signingKey,
                fields.signature, amzDate, scope);
    }

    AuthContext verifyPresigned(SignableRequest request, QueryParams query) throws AuthException {
        for (String name : PRESIGN_PARAMS) {
            int count = query.count(name);
            if (count == 0) {
                throw queryError("Query-string authentication version 4 requires the X-Amz-Algorithm, "
                        + "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
                        + "parameters.");
            }
            if (count > 1) {
                throw queryError("The " + name + " parameter was given more than once.");
            }
        }
        if (!SigV4Signer.ALGORITHM.equals(query.first("X-Amz-Algorithm"))) {
            throw queryError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        CredentialScope credential = CredentialScope.parse(query.first("X-Amz-Credential"));
        if (credential == null) {
            throw queryError("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
                    + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        String problem = credential.problem(region);
        if (problem != null) {
            throw queryError("Error parsing the X-Amz-Credential parameter; " + problem);
        }
        String amzDate = query.first("X-Amz-Date");
        Instant date = AmzDates.parseBasic(amzDate);
        if (date == null) {
            throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        if (!amzDate.startsWith(credential.date())) {
            throw queryError("Error parsing the X-Amz-Credential parameter; Invalid credential date. "
                    + "Date is not the same as X-Amz-Date.");
        }
        long expires = expiresSeconds(query.first("X-Amz-Expires"));
        List<String> signedHeaders = signedHeaders(query.first("X-Amz-SignedHeaders"),
                AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR, "");

        Instant now = clock.instant();
        if (date.isAfter(now.plus(MAX_SKEW))) {
            throw tooSkewed(amzDate, now);
        }
        if (now.isAfter(date.plusSeconds(expires))) {
            throw new AuthException(AuthError.ACCESS_DENIED, "Request has expired");
        }

        // Presigners sign UNSIGNED-PAYLOAD unless the client chose otherwise and said so.
        String payloadHash = query.first("X-Amz-Content-Sha256");
        if (payloadHash == null) {
            payloadHash = trimmed(request.header("x-amz-content-sha256"));
        }
        if (payloadHash == null) {
            payloadHash = PayloadHash.UNSIGNED_PAYLOAD;
        }
        PayloadMode mode = PayloadHash.mode(payloadHash);
        if (mode == null) {
            throw PayloadHash.invalid();
        }

        String secret = secretKey(credential.accessKeyId());
        requireAmzHeadersSigned(request, signedHeaders, false);
        byte[] signingKey = signingKeys.get(secret, credential.date(), region);
        String scope = credential.scope();
        String signature = query.first(SigV4Signer.SIGNATURE_PARAM);
        byte[] expected = SigV4Signer.signatureHex(signingKey, amzDate, scope, request, signedHeaders, payloadHash,
                true);
        if (!Crypto.sameSignature(expected, signature)) {
            throw signatureMismatch();
        }
        return new AuthContext(credential.accessKeyId(), AuthType.PRESIGNED_V4, mode,
                mode == PayloadMode.SIGNED ? payloadHash.toLowerCase(Locale.ROOT) : null, signingKey, signature,
                amzDate, scope);
    }

    static AuthException signatureMismatch() {
        return new AuthException(AuthError.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does "
                + "not match the signature you provided. Check your key and signing method.");
    }

    static String trimmed(String value) {
        return value == null ? null : value.strip();
    }

    private void checkSkew(Instant date, String sent) throws AuthException {
        Instant now = clock.instant();
        if (Duration.between(date, now).abs().compareTo(MAX_SKEW) > 0) {
            throw tooSkewed(sent, now);
        }
    }

    /** As S3 answers it: with the time the client sent, the server's time and the allowed skew. */
    static AuthException tooSkewed(String requestTime, Instant now) {
        return new AuthException(AuthError.REQUEST_TIME_TOO_SKEWED,
                "The difference between the request time and the current time is too large.")
                .detail("RequestTime", requestTime)
                .detail("ServerTime", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .detail("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
    }

    private String secretKey(String accessKeyId) throws AuthException {
        String secret = CredentialLookup.secretKey(credentials, accessKeyId);
        if (secret == null) {
            throw new AuthException(AuthError.INVALID_ACCESS_KEY_ID,
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        return secret;
    }

    private static long expiresSeconds(String value) throws AuthException {
        long expires;
        try {
            expires = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw queryError("X-Amz-Expires should be a number");
        }
        if (expires < 1) {
            throw queryError("X-Amz-Expires must be non-negative");
        }
        if (expires > MAX_EXPIRES_SECONDS) {
            throw queryError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return expires;
    }

    private static List<String> signedHeaders(String value, AuthError error, String prefix) throws AuthException {
        if (value == null || value.isBlank()) {
            throw new AuthException(error, prefix + "SignedHeaders is empty.");
        }
        List<String> names = new ArrayList<>();
        for (String name : value.split(";", -1)) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                throw new AuthException(error, prefix + "SignedHeaders has an empty header name.");
            }
            names.add(lower);
        }
        if (!names.contains("host")) {
            throw new AuthException(error, prefix + "SignedHeaders must include host.");
        }
        return names;
    }

    /**
     * S3 refuses x-amz-* headers that the signature does not cover: otherwise anyone holding a presigned PUT
     * could add, say, x-amz-copy-source or x-amz-acl to it. x-amz-content-sha256 is covered as the payload
     * hash, and in header auth x-amz-date is covered by the string to sign.
     */
    private static void requireAmzHeadersSigned(SignableRequest request, List<String> signedHeaders,
                                                 boolean headerAuth) throws AuthException {
        Set<String> signed = new HashSet<>(signedHeaders);
        for (String name : request.headers().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("x-amz-") || signed.contains(lower) || lower.equals("x-amz-content-sha256")
                    || (headerAuth && lower.equals("x-amz-date"))) {
                continue;
            }
            throw new AuthException(AuthError.ACCESS_DENIED,
                    "There were headers present in the request which were not signed: " + lower);
        }
    }

    private static AuthException headerMalformed(String detail) {
        return new AuthException(AuthError.AUTHORIZATION_HEADER_MALFORMED, HEADER_MALFORMED + detail);
    }

    private static AuthException queryError(String message) {
        return new AuthException(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR, message);
    }

    /** The three parts of {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    private record HeaderFields(String credential, String signedHeaders, String signature) {

        static HeaderFields parse(String authorization) throws AuthException {
            String rest = authorization.substring(SigV4Signer.ALGORITHM.length());
            if (rest.isEmpty() || !Character.isWhitespace(rest.charAt(0))) {
                throw unsupported();
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : rest.split(",", -1)) {
                String trimmed = part.strip();
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw headerMalformed("the authorization component \"" + trimmed
                            + "\" is malformed.");
                }
                String key = trimmed.substring(0, eq);
                String value = trimmed.substring(eq + 1).strip();
                switch (key) {
                    case "Credential" -> credential = once(credential, value, key);
                    case "SignedHeaders" -> signedHeaders = once(signedHeaders, value, key);
                    case "Signature" -> signature = once(signature, value, key);
                    default -> throw headerMalformed("the authorization component \"" + trimmed
                            + "\" is malformed.");
                }
            }
            if (credential == null || signedHeaders == null || signature == null) {
                throw headerMalformed("the authorization header requires Credential, SignedHeaders and "
                        + "Signature.");
            }
            return new HeaderFields(credential, signedHeaders, signature);
        }

        private static String once(String previous, String value, String key) throws AuthException {
            if (previous != null) {
                throw headerMalformed(key + " was given more than once.");
            }
            return value;
        }

        private static AuthException unsupported() {
            return new AuthException(AuthError.INVALID_ARGUMENT, "Unsupported Authorization Type");
        }
    }
}
