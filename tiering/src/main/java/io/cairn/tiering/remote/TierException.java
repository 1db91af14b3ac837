package io.cairn.tiering.remote;

/**
 * A remote tier operation that failed. {@link #retryable()} tells a temporary failure (the remote is down, times
 * out, throttles) from one that will not heal by itself (credentials refused, bucket or container missing).
 */
public final class TierException extends Exception {
    private final boolean retryable;

    public TierException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
