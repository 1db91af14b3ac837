package io.cairn.tiering.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/** What the error mappings of both remote kinds share: telling transient failures apart and wording them. */
final class Failures {
    private Failures() {
    }

    /** A failure to reach or hear from the remote (refused, reset, timed out): worth another try later. */
    static boolean isTransport(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Status codes that S3 and Azure both use for "not now": timeouts, throttling, server trouble. */
    static boolean isTransientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The innermost cause, described by class and message (connection refused, read timed out, ...). */
    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /**
     * A message with every occurrence of the secret removed. SDK messages do not quote credentials, but this is
     * the last line of defence before a message reaches a log or an admin's screen.
     */
    static String scrub(String message, String secret) {
        return secret == null || secret.isEmpty() || message == null ? message : message.replace(secret, "***");
    }
}
