package io.cairn.meta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-written binary encoding of the stored records. Each value starts with a format-version byte so a later
 * release can change the layout and still read old values. Strings are length-prefixed UTF-8 (not
 * {@code writeUTF}, which is modified UTF-8 and capped at 64 KiB); a length of -1 means null.
 */
final class RecordCodec {

    static final byte BUCKET_FORMAT = 1;
    static final byte VERSION_FORMAT = 1;

    private RecordCodec() {
    }

    static byte[] encodeBucket(BucketRecord b) {
        return write(out -> {
            out.writeByte(BUCKET_FORMAT);
            out.writeLong(b.id());
            writeString(out, b.name());
            writeString(out, b.region());
            writeString(out, b.owner());
            writeInstant(out, b.created());
        });
    }

    static BucketRecord decodeBucket(byte[] value) {
        return read(value, in -> {
            expectFormat(in, BUCKET_FORMAT, "bucket");
            return new BucketRecord(in.readLong(), readString(in), readString(in), readString(in), readInstant(in));
        });
    }

    static byte[] encodeVersion(long stamp, ObjectVersion v) {
        return write(out -> {
            out.writeByte(VERSION_FORMAT);
            out.writeLong(stamp);
            writeString(out, v.key());
            writeString(out, v.versionId());
            out.writeBoolean(v.deleteMarker());
            out.writeLong(v.size());
            writeString(out, v.etag());
            writeInstant(out, v.lastModified());
            writeMap(out, v.headers());
            writeMap(out, v.checksums());
            writeString(out, v.dataId());
            writeBytes(out, v.inline());
            writeString(out, v.owner());
        });
    }

    static StoredVersion decodeVersion(byte[] value) {
        return read(value, in -> {
            expectFormat(in, VERSION_FORMAT, "object version");
            long stamp = in.readLong();
            ObjectVersion v = new ObjectVersion(readString(in), readString(in), in.readBoolean(), in.readLong(),
                    readString(in), readInstant(in), readMap(in), readMap(in), readString(in), readBytes(in),
                    readString(in));
            return new StoredVersion(stamp, v);
        });
    }

    /**
     * Reads only the delete-marker flag: listing checks it for keys it may not return, and an inline body can
     * be large. Relies on the field order of {@link #encodeVersion}.
     */
    static boolean isDeleteMarker(byte[] value) {
        if (value.length == 0 || value[0] != VERSION_FORMAT) {
            throw new CorruptRecordException("unknown object version format");
        }
        int at = 1 + Long.BYTES;
        for (int field = 0; field < 2; field++) { // key, versionId
            if (at + Integer.BYTES > value.length) {
                throw new CorruptRecordException("truncated record");
            }
            int len = (value[at] & 0xFF) << 24 | (value[at + 1] & 0xFF) << 16 | (value[at + 2] & 0xFF) << 8
                    | (value[at + 3] & 0xFF);
            at += Integer.BYTES + Math.max(len, 0);
        }
        if (at < 0 || at >= value.length) {
            throw new CorruptRecordException("truncated record");
        }
        return value[at] != 0;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] value, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            T result = r.read(in);
            if (in.available() != 0) {
                throw new CorruptRecordException(in.available() + " trailing bytes");
            }
            return result;
        } catch (EOFException e) {
            throw new CorruptRecordException("truncated record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectFormat(DataInputStream in, byte expected, String what) throws IOException {
        byte format = in.readByte();
        if (format != expected) {
            throw new CorruptRecordException("unknown " + what + " format " + format);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int len = readLength(in);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** Checked against what is left so a corrupt length fails fast instead of allocating gigabytes. */
    private static int readLength(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < -1 || len > in.available()) {
            throw new CorruptRecordException("bad length " + len);
        }
        return len;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void writeMap(DataOutputStream out, Map<String, String> m) throws IOException {
        if (m == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    /** Insertion order is kept: the headers are returned to clients in the order they were stored. */
    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = readLength(in);
        if (n < 0) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(readString(in), readString(in));
        }
        return Collections.unmodifiableMap(m);
    }

    /** A stored value this code cannot read: corruption, or written by a newer release. */
    static final class CorruptRecordException extends IllegalStateException {
        CorruptRecordException(String message) {
            super(message);
        }
    }
}
