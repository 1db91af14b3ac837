package io.cairn.erasure;

import java.io.IOException;

/** A shard file's header is unreadable or does not belong to the object being read: the shard is unusable. */
public final class ShardFormatException extends IOException {
    public ShardFormatException(String message) {
        super(message);
    }
}
