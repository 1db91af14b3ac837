package io.cairn.server.http;

import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as a pull stream for a worker thread, fed by the event loop. The channel reads with
 * auto-read off and the next socket read is requested only when the worker has taken everything queued:
 * a slow disk slows the client down instead of filling the heap.
 */
public final class BodyStream {
    /** The event-loop side: how the stream asks for more bytes and for a 100 Continue. */
    interface Source {
        void requestRead();

        void sendContinue();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Source source;
    private final long timeoutNanos;
    private boolean complete;
    private boolean discarding;
    private S3Exception failure;
    private boolean continuePending;
    private boolean readRequested;
    /** Written under the lock by the event loop; read by the event loop when the exchange completes. */
    private long received;

    BodyStream(Source source, boolean expectContinue, long timeoutMillis) {
        this.source = source;
        this.continuePending = expectContinue;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Event loop: content arrived. Returns true when this was the end of the body. */
    boolean offer(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        lock.lock();
        try {
            readRequested = false;
            ByteBuf buf = content.content();
            received += buf.readableBytes();
            if (discarding || failure != null || !buf.isReadable()) {
                content.release();
            } else {
                queue.add(buf);
            }
            if (last) {
                complete = true;
            }
            available.signalAll();
        } finally {
            lock.unlock();
        }
        return last;
    }

    /** Event loop: the connection ended or half-closed before the body did. */
    void fail(S3Exception e) {
        lock.lock();
        try {
            if (!complete && failure == null) {
                failure = e;
                available.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Event loop: the handler is done; drop what is queued and whatever still arrives. */
    void discardRest() {
        lock.lock();
        try {
            discarding = true;
            releaseQueued();
        } finally {
            lock.unlock();
        }
    }

    /** Body bytes that arrived so far, consumed or not. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    boolean isComplete() {
        lock.lock();
        try {
            return complete;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client was told to wait for 100 Continue and never got it, so no body is on its way. */
    boolean continueWithheld() {
        lock.lock();
        try {
            return continuePending;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Worker thread: the next piece of the body, or null at its end. The caller releases the buffer.
     *
     * @throws S3Exception IncompleteBody when the client went away, RequestTimeout when it stalled
     */
    public ByteBuf next() {
        lock.lock();
        try {
            if (continuePending) {
                continuePending = false;
                source.sendContinue();
            }
            long remaining = timeoutNanos;
            while (true) {
                ByteBuf buf = queue.poll();
                if (buf != null) {
                    return buf;
                }
                if (complete) {
                    return null;
                }
                if (failure != null) {
                    throw failure;
                }
                if (!readRequested) {
                    readRequested = true;
                    source.requestRead();
                }
                if (remaining <= 0) {
                    throw new S3Exception(S3Error.REQUEST_TIMEOUT);
                }
                remaining = available.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3Exception(S3Error.INTERNAL_ERROR, "interrupted");
        } finally {
            lock.unlock();
        }
    }

    private void releaseQueued() {
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
    }
}
