package io.cairn.auth;

/**
 * The outcome of a successful authentication, and what payload verification needs to check the body.
 *
 * @param accessKeyId   the authenticated access key, or null when anonymous
 * @param type          how the request was authenticated
 * @param payloadMode   what x-amz-content-sha256 declared
 * @param contentSha256 the declared hex SHA-256 when {@code payloadMode == SIGNED}, else null
 * @param signingKey    the SigV4 signing key (for chunk signatures), null unless SigV4
 * @param seedSignature the request signature that the first chunk signature chains from, null unless SigV4
 * @param amzDate       the request's x-amz-date (yyyyMMdd'T'HHmmss'Z'), null unless SigV4
 * @param scope         the credential scope {@code date/region/s3/aws4_request}, null unless SigV4
 */
public record AuthContext(String accessKeyId, AuthType type, PayloadMode payloadMode, String contentSha256,
                          byte[] signingKey, String seedSignature, String amzDate, String scope) {

    public static AuthContext anonymous() {
        return new AuthContext(null, AuthType.ANONYMOUS, PayloadMode.UNSIGNED, null, null, null, null, null);
    }

    public boolean isAnonymous() {
        return type == AuthType.ANONYMOUS;
    }
}
