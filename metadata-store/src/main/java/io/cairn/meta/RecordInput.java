package io.cairn.meta;

import java.nio.charset.StandardCharsets;

/**
 * Reads a stored record: DataInputStream's big-endian layout, straight off the array. Every read of a
 * listing page decodes a thousand records, and the stream's per-byte calls and EOF exceptions showed in
 * profiles. Running past the end is corruption, reported as such.
 */
final class RecordInput {
    private final byte[] b;
    private final int end;
    private int at;

    /** Reads the first {@code length} bytes of {@code b}. */
    RecordInput(byte[] b, int length) {
        this.b = b;
        this.end = length;
    }

    int available() {
        return end - at;
    }

    byte readByte() {
        need(1);
        return b[at++];
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    int readInt() {
        need(Integer.BYTES);
        int v = (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        at += Integer.BYTES;
        return v;
    }

    long readLong() {
        return (long) readInt() << 32 | (readInt() & 0xFFFFFFFFL);
    }

    void readFully(byte[] into) {
        need(into.length);
        System.arraycopy(b, at, into, 0, into.length);
        at += into.length;
    }

    void skip(int n) {
        need(n);
        at += n;
    }

    /** {@code length} bytes as a UTF-8 string, decoded in place. */
    String readUtf8(int length) {
        need(length);
        String s = new String(b, at, length, StandardCharsets.UTF_8);
        at += length;
        return s;
    }

    private void need(int n) {
        if (n > end - at) {
            throw new RecordCodec.CorruptRecordException("truncated record");
        }
    }
}
