package io.cairn.server.http;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A slice of a file that someone else opened and closes: sent like any {@link DefaultFileRegion} (with
 * {@code sendfile} on the epoll transport, which recognises the class), but when written or dropped it runs
 * {@code release} instead of closing the file, which other slices may still be sending from.
 */
public final class LeasedFileRegion extends DefaultFileRegion {
    private final Runnable release;

    public LeasedFileRegion(FileChannel file, long position, long count, Runnable release) {
        super(file, position, count);
        this.release = release;
    }

    @Override
    protected void deallocate() {
        release.run();
    }
}
