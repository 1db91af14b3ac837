package io.cairn.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request failed authentication or payload verification; carries the S3 error to answer with. */
public final class AuthException extends Exception {
    private final AuthError error;
    private final Map<String, String> details = new LinkedHashMap<>();

    public AuthException(AuthError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public AuthError error() {
        return error;
    }

    /** Adds an element S3 puts in this error's XML, e.g. {@code ServerTime}. */
    AuthException detail(String element, String value) {
        details.put(element, value);
        return this;
    }

    /** Extra elements of the error XML, in order. */
    public Map<String, String> details() {
        return details;
    }
}
