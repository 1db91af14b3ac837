package io.cairn.erasure;

import java.io.IOException;

/** Fewer than k shards are intact: the data cannot be rebuilt, and nothing was guessed. */
public final class NotEnoughShardsException extends IOException {
    private final int available;
    private final int required;

    public NotEnoughShardsException(int available, int required, String detail) {
        super("only " + available + " of the " + required + " shards needed are intact" + (detail.isEmpty() ? "" : ": " + detail));
        this.available = available;
        this.required = required;
    }

    public int available() {
        return available;
    }

    public int required() {
        return required;
    }
}
