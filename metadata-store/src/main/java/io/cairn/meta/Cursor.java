package io.cairn.meta;

import java.util.concurrent.atomic.LongAdder;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The iterator operations listing relies on, counting every seek and step so tests can prove that common
 * prefixes and older versions are skipped rather than walked.
 */
final class Cursor {

    private final RocksIterator it;
    private final LongAdder moves;
    private byte[] buffer = new byte[1024];
    private int valueLength;

    Cursor(RocksIterator it, LongAdder moves) {
        this.it = it;
        this.moves = moves;
    }

    void seek(byte[] target) {
        moves.increment();
        it.seek(target);
    }

    void next() {
        moves.increment();
        it.next();
    }

    /** False at the end and on an I/O error, which {@link #checkStatus()} then reports. */
    boolean isValid() {
        return it.isValid();
    }

    byte[] key() {
        return it.key();
    }

    byte[] value() {
        return it.value();
    }

    /**
     * The current value copied into a buffer this cursor reuses, valid until the next call; its length is
     * {@link #valueLength()}. A listing reads a thousand values a page, and a fresh array each (inline content
     * included) was most of the garbage a LIST made.
     */
    byte[] valueBuffer() {
        int n = it.value(buffer);
        if (n > buffer.length) {
            buffer = new byte[Math.max(n, 2 * buffer.length)];
            n = it.value(buffer);
        }
        valueLength = n;
        return buffer;
    }

    int valueLength() {
        return valueLength;
    }

    /** An iterator that stopped because of an error must not pass for the end of the data. */
    void checkStatus() throws RocksDBException {
        it.status();
    }
}
