package io.cairn.meta;

import java.util.Arrays;

/**
 * The byte layouts of the {@code uploads} and {@code parts} column families.
 *
 * <p>{@code uploads}: {@code bucketId(8) | key UTF-8 | 0x00 | stamp(8, big-endian) | uploadId UTF-8}. Like
 * {@link KeyCodec}'s versions, a key's uploads are contiguous and sort before any longer key, so
 * ListMultipartUploads is one range scan in S3's order (key, then initiation) and skips a common prefix with
 * one seek; {@link KeyCodec#firstVersion}, {@link KeyCodec#afterVersions} and {@link KeyCodec#afterPrefix}
 * bound ranges here too. The stamp ascends (oldest first, unlike versions).
 *
 * <p>{@code parts}: {@code bucketId(8) | uploadStamp(8) | uploadId UTF-8 | 0x00 | partNumber(4, big-endian)}.
 * One upload's parts are one contiguous range in part-number order, so ListParts is a range scan. Upload ids
 * never contain U+0000, so no upload's range contains another's. The object key is left out to keep the up to
 * 10,000 part keys of an upload short; bucket, stamp and id together identify the upload.
 */
final class UploadKeys {

    private static final int ID = KeyCodec.ID_BYTES;
    private static final int STAMP = Long.BYTES;
    private static final byte SEPARATOR = 0x00;
    private static final byte AFTER_PARTS = 0x01;

    private UploadKeys() {
    }

    static byte[] upload(long bucketId, byte[] key, long stamp, byte[] uploadId) {
        byte[] out = new byte[ID + key.length + 1 + STAMP + uploadId.length];
        System.arraycopy(KeyCodec.longBytes(bucketId), 0, out, 0, ID);
        System.arraycopy(key, 0, out, ID, key.length);
        out[ID + key.length] = SEPARATOR;
        System.arraycopy(KeyCodec.longBytes(stamp), 0, out, ID + key.length + 1, STAMP);
        System.arraycopy(uploadId, 0, out, ID + key.length + 1 + STAMP, uploadId.length);
        return out;
    }

    /** The object key of an upload's raw key: keys contain no U+0000, so the first 0x00 after the id ends it. */
    static byte[] userKey(byte[] raw) {
        return Arrays.copyOfRange(raw, ID, keyEnd(raw));
    }

    static long stamp(byte[] raw) {
        return KeyCodec.readLong(raw, keyEnd(raw) + 1);
    }

    /** Whether the upload's raw key, of an object key {@code keyLength} bytes long, carries {@code uploadId}. */
    static boolean hasUploadId(byte[] raw, int keyLength, byte[] uploadId) {
        int from = ID + keyLength + 1 + STAMP;
        return raw.length - from == uploadId.length
                && Arrays.equals(raw, from, raw.length, uploadId, 0, uploadId.length);
    }

    static byte[] part(long bucketId, long uploadStamp, byte[] uploadId, int partNumber) {
        byte[] out = partsPrefix(bucketId, uploadStamp, uploadId, SEPARATOR, Integer.BYTES);
        int at = out.length - Integer.BYTES;
        out[at] = (byte) (partNumber >>> 24);
        out[at + 1] = (byte) (partNumber >>> 16);
        out[at + 2] = (byte) (partNumber >>> 8);
        out[at + 3] = (byte) partNumber;
        return out;
    }

    /** Exclusive end of one upload's parts. */
    static byte[] afterParts(long bucketId, long uploadStamp, byte[] uploadId) {
        return partsPrefix(bucketId, uploadStamp, uploadId, AFTER_PARTS, 0);
    }

    static int partNumber(byte[] raw) {
        int at = raw.length - Integer.BYTES;
        return (raw[at] & 0xFF) << 24 | (raw[at + 1] & 0xFF) << 16 | (raw[at + 2] & 0xFF) << 8 | (raw[at + 3] & 0xFF);
    }

    private static byte[] partsPrefix(long bucketId, long uploadStamp, byte[] uploadId, byte end, int extra) {
        byte[] out = new byte[ID + STAMP + uploadId.length + 1 + extra];
        System.arraycopy(KeyCodec.longBytes(bucketId), 0, out, 0, ID);
        System.arraycopy(KeyCodec.longBytes(uploadStamp), 0, out, ID, STAMP);
        System.arraycopy(uploadId, 0, out, ID + STAMP, uploadId.length);
        out[ID + STAMP + uploadId.length] = end;
        return out;
    }

    private static int keyEnd(byte[] raw) {
        for (int i = ID; i < raw.length; i++) {
            if (raw[i] == SEPARATOR) {
                return i;
            }
        }
        throw new RecordCodec.CorruptRecordException("upload key without separator");
    }
}
