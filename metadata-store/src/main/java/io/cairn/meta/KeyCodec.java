package io.cairn.meta;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte layout of the {@code objects} column family:
 * {@code bucketId(8, big-endian) | key UTF-8 | 0x00 | (Long.MAX_VALUE - stamp)(8, big-endian)}.
 *
 * <p>Assumption: keys never contain U+0000 (the server rejects them). That makes the 0x00 separator sort below
 * every key byte, so raw order equals the UTF-8 byte order of keys, and all versions of a key sit contiguously
 * before any longer key. The reversed stamp puts the newest version first.
 *
 * <p>UTF-8 never produces 0xFF, so {@code id | p | 0xFF} sorts after every key starting with {@code p} and
 * before every other key: one seek skips a whole prefix. Likewise {@code id | key | 0x01} sorts after every
 * version of {@code key} and before every longer key.
 */
final class KeyCodec {

    static final int ID_BYTES = Long.BYTES;
    static final int STAMP_BYTES = Long.BYTES;
    private static final byte SEPARATOR = 0x00;
    private static final byte AFTER_VERSIONS = 0x01;
    private static final byte AFTER_PREFIX = (byte) 0xFF;

    private KeyCodec() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] longBytes(long v) {
        byte[] out = new byte[Long.BYTES];
        putLong(out, 0, v);
        return out;
    }

    static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Start of the bucket's range; any object of the bucket sorts at or after it. */
    static byte[] bucketStart(long bucketId) {
        return longBytes(bucketId);
    }

    /** Exclusive end of the bucket's range. */
    static byte[] bucketEnd(long bucketId) {
        return afterPrefix(bucketId, new byte[0]);
    }

    static byte[] version(long bucketId, byte[] key, long stamp) {
        byte[] out = withId(bucketId, key, 1 + STAMP_BYTES);
        out[ID_BYTES + key.length] = SEPARATOR;
        putLong(out, ID_BYTES + key.length + 1, Long.MAX_VALUE - stamp);
        return out;
    }

    /** The key's entry in the {@code current} column family: {@code bucketId | key}, valued with its newest stamp. */
    static byte[] current(long bucketId, byte[] key) {
        return withId(bucketId, key, 0);
    }

    /** The {@code objects} key of the version {@code current} (an entry of the {@code current} family) points to. */
    static byte[] versionOf(byte[] current, byte[] stampValue) {
        byte[] out = Arrays.copyOf(current, current.length + 1 + STAMP_BYTES);
        out[current.length] = SEPARATOR;
        putLong(out, current.length + 1, Long.MAX_VALUE - readLong(stampValue, 0));
        return out;
    }

    /** Where the newest version of {@code key} is, if any. */
    static byte[] firstVersion(long bucketId, byte[] key) {
        return withSuffix(bucketId, key, SEPARATOR);
    }

    /** Sorts after every version of {@code key} and before every key extending it. */
    static byte[] afterVersions(long bucketId, byte[] key) {
        return withSuffix(bucketId, key, AFTER_VERSIONS);
    }

    static byte[] prefixStart(long bucketId, byte[] prefix) {
        return withId(bucketId, prefix, 0);
    }

    /** Sorts after every key starting with {@code prefix} and before every other greater key. */
    static byte[] afterPrefix(long bucketId, byte[] prefix) {
        return withSuffix(bucketId, prefix, AFTER_PREFIX);
    }

    /** The smallest key sorting after {@code raw}: where a scan resumes strictly after one entry. */
    static byte[] successor(byte[] raw) {
        return Arrays.copyOf(raw, raw.length + 1);
    }

    static long bucketId(byte[] raw) {
        return readLong(raw, 0);
    }

    static byte[] userKey(byte[] raw) {
        return Arrays.copyOfRange(raw, ID_BYTES, raw.length - 1 - STAMP_BYTES);
    }

    static long stamp(byte[] raw) {
        return Long.MAX_VALUE - readLong(raw, raw.length - STAMP_BYTES);
    }

    /** Whether {@code raw} is a version of {@code key} in the bucket, without copying. */
    static boolean isVersionOf(byte[] raw, long bucketId, byte[] key) {
        return raw.length == ID_BYTES + key.length + 1 + STAMP_BYTES
                && readLong(raw, 0) == bucketId
                && Arrays.equals(raw, ID_BYTES, ID_BYTES + key.length, key, 0, key.length)
                && raw[ID_BYTES + key.length] == SEPARATOR;
    }

    private static byte[] withSuffix(long bucketId, byte[] bytes, byte suffix) {
        byte[] out = withId(bucketId, bytes, 1);
        out[out.length - 1] = suffix;
        return out;
    }

    private static byte[] withId(long bucketId, byte[] bytes, int extra) {
        byte[] out = new byte[ID_BYTES + bytes.length + extra];
        putLong(out, 0, bucketId);
        System.arraycopy(bytes, 0, out, ID_BYTES, bytes.length);
        return out;
    }

    private static void putLong(byte[] out, int off, long v) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            out[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
