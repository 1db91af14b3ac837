package io.cairn.auth;

/** A request failed authentication or payload verification; carries the S3 error to answer with. */
public final class AuthException extends Exception {
    private final AuthError error;

    public AuthException(AuthError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public AuthError error() {
        return error;
    }
}
