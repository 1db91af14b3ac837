package io.cairn.server.handlers;

import java.io.IOException;

/** Reading content from its remote tier failed (the tier is down, refuses, or the connection broke). */
final class RemoteReadException extends IOException {
    private final String tier;

    RemoteReadException(String tier, String message, Throwable cause) {
        super(message, cause);
        this.tier = tier;
    }

    String tier() {
        return tier;
    }
}
