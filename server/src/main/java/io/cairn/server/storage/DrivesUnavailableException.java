package io.cairn.server.storage;

import java.io.IOException;

/**
 * Too few drives are usable for a write (fewer than its write quorum) or a read (fewer than k intact shards):
 * clients get 503 SlowDown and may retry, as when a store is overloaded.
 */
public final class DrivesUnavailableException extends IOException {
    public DrivesUnavailableException(int usable, int needed, int drives) {
        super(usable + " of " + drives + " drives usable for this write, " + needed + " needed");
    }

    public DrivesUnavailableException(String message) {
        super(message);
    }
}
