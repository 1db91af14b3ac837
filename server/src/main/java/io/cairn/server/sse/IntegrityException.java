package io.cairn.server.sse;

/**
 * Stored encrypted content failed authentication (a flipped byte, a truncated or reordered stream) or a sealed
 * key could not be opened. Never carries plaintext or key material in its message.
 */
public final class IntegrityException extends RuntimeException {
    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
