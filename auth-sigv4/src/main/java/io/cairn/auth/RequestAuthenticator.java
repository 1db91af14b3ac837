package io.cairn.auth;

import java.time.Clock;

/**
 * Verifies a request's signature: SigV4 Authorization header, SigV4 presigned query, SigV2 header and
 * SigV2 presigned query. A request with none of them is anonymous (the caller decides what that may do).
 */
public final class RequestAuthenticator {
    private final SigV4Verifier sigV4;
    private final SigV2Verifier sigV2;

    /**
     * @param region the region this server signs for (the credential scope's region must match,
     *               else AuthorizationHeaderMalformed / AuthorizationQueryParametersError)
     */
    public RequestAuthenticator(CredentialProvider credentials, String region, Clock clock) {
        this.sigV4 = new SigV4Verifier(credentials, region, clock);
        this.sigV2 = new SigV2Verifier(credentials, clock);
    }

    /**
     * Authenticates a request.
     *
     * @return the identity and payload mode; {@link AuthContext#anonymous()} when the request carries no
     * signature at all
     * @throws AuthException with the S3 error the request must be answered with
     */
    public AuthContext authenticate(SignableRequest request) throws AuthException {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.isBlank()) {
            authorization = null;
        }
        QueryParams query = QueryParams.parse(request.rawQuery());
        boolean presignedV4 = query.has("X-Amz-Algorithm") || query.has(SigV4Signer.SIGNATURE_PARAM)
                || query.has("X-Amz-Credential");
        boolean presignedV2 = !presignedV4 && (query.has("AWSAccessKeyId") || query.has("Signature"));
        if (authorization != null && (presignedV4 || presignedV2)) {
            throw new AuthException(AuthError.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the "
                    + "X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization "
                    + "header should be specified");
        }
        if (authorization != null) {
            if (authorization.startsWith(SigV4Signer.ALGORITHM)) {
                return sigV4.verifyHeader(request, authorization);
            }
            if (authorization.startsWith("AWS ")) {
                return sigV2.verifyHeader(request, authorization);
            }
            throw new AuthException(AuthError.INVALID_ARGUMENT, "Unsupported Authorization Type");
        }
        if (presignedV4) {
            return sigV4.verifyPresigned(request, query);
        }
        if (presignedV2) {
            return sigV2.verifyPresigned(request, query);
        }
        return anonymous(request);
    }

    /**
     * An unsigned request may still send an aws-chunked body with a trailing checksum (SDKs do this for
     * anonymous uploads); the payload verifier has to know, or it would store the chunk framing as data.
     */
    private static AuthContext anonymous(SignableRequest request) {
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash != null && PayloadHash.STREAMING_UNSIGNED_TRAILER.equals(payloadHash.strip())) {
            return new AuthContext(null, AuthType.ANONYMOUS, PayloadMode.STREAMING_UNSIGNED_TRAILER, null, null,
                    null, null, null);
        }
        return AuthContext.anonymous();
    }
}
