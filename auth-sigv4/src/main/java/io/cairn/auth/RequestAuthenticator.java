package io.cairn.auth;

import java.time.Clock;

/**
 * Verifies a request's signature: SigV4 Authorization header, SigV4 presigned query, SigV2 header and
 * SigV2 presigned query. A request with none of them is anonymous (the caller decides what that may do).
 */
public final class RequestAuthenticator {
    private final CredentialProvider credentials;
    private final String region;
    private final Clock clock;

    /**
     * @param region the region this server signs for (the credential scope's region must match,
     *               else AuthorizationHeaderMalformed / AuthorizationQueryParametersError)
     */
    public RequestAuthenticator(CredentialProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Authenticates a request.
     *
     * @return the identity and payload mode; {@link AuthContext#anonymous()} when the request carries no
     * signature at all
     * @throws AuthException with the S3 error the request must be answered with
     */
    public AuthContext authenticate(SignableRequest request) throws AuthException {
        throw new UnsupportedOperationException("TODO");
    }
}
