package io.cairn.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written binary encoding of the stored records. Each value starts with a format-version byte so a later
 * release can change the layout and still read old values. Strings are length-prefixed UTF-8 (not
 * {@code writeUTF}, which is modified UTF-8 and capped at 64 KiB); a length of -1 means null.
 *
 * <p>Format history: buckets and versions 1 (before versioning and multipart); buckets 2 add the versioning
 * state (format-1 buckets were never versioned), versions 2 add the part list (format-1 versions have none);
 * buckets 3 add the default encryption and versions 3 the encryption record (older values have none);
 * buckets 4 add tags and the lifecycle configuration, versions 4 tags and the tier record; uploads 2 add the tags
 * the object gets on completion (format-1 uploads have none).
 * New formats only append fields, so the fixed leading fields of a version stay where {@link #isDeleteMarker}
 * and {@link #versionId} look for them.
 */
final class RecordCodec {

    static final byte BUCKET_FORMAT = 4;
    static final byte VERSION_FORMAT = 4;
    static final byte UPLOAD_FORMAT = 2;
    static final byte PART_FORMAT = 1;
    static final byte TIER_FORMAT = 1;
    static final byte REMOTE_DELETION_FORMAT = 1;
    static final byte RESTORE_EXPIRY_FORMAT = 1;
    private static final byte FIRST_FORMAT = 1;

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
            out.writeByte(versioningCode(b.versioning()));
            writeMap(out, b.encryption());
            writeMap(out, b.tags());
            writeString(out, b.lifecycle());
        });
    }

    static BucketRecord decodeBucket(byte[] value) {
        return read(value, in -> {
            byte format = expectFormat(in, BUCKET_FORMAT, "bucket");
            long id = in.readLong();
            String name = readString(in);
            String region = readString(in);
            String owner = readString(in);
            Instant created = readInstant(in);
            VersioningState versioning = format == FIRST_FORMAT ? VersioningState.UNVERSIONED
                    : versioning(in.readByte());
            Map<String, String> encryption = format < 3 ? Map.of() : readMap(in);
            Map<String, String> tags = format < 4 ? Map.of() : readMap(in);
            String lifecycle = format < 4 ? null : readString(in);
            return new BucketRecord(id, name, region, owner, created, versioning, encryption, tags, lifecycle);
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
            out.writeInt(v.parts().size());
            for (PartRef p : v.parts()) {
                out.writeInt(p.partNumber());
                out.writeLong(p.size());
                writeString(out, p.etag());
                writeString(out, p.dataId());
                writeMap(out, p.checksums());
            }
            writeMap(out, v.encryption());
            writeMap(out, v.tags());
            writeMap(out, v.tier());
        });
    }

    static StoredVersion decodeVersion(byte[] value) {
        return decodeVersion(value, true);
    }

    /**
     * A version for a listing: everything but the inline content, which is skipped, not copied (a page of a
     * thousand small objects would otherwise hold megabytes of content that no listing shows).
     */
    static StoredVersion decodeListed(byte[] value, int length) {
        return decodeVersion(value, length, false);
    }

    private static StoredVersion decodeVersion(byte[] value, boolean withInline) {
        return decodeVersion(value, value.length, withInline);
    }

    private static StoredVersion decodeVersion(byte[] value, int length, boolean withInline) {
        return read(value, length, in -> {
            byte format = expectFormat(in, VERSION_FORMAT, "object version");
            long stamp = in.readLong();
            String key = readString(in);
            String versionId = readString(in);
            boolean deleteMarker = in.readBoolean();
            long size = in.readLong();
            String etag = readString(in);
            Instant lastModified = readInstant(in);
            Map<String, String> headers = readMap(in);
            Map<String, String> checksums = readMap(in);
            String dataId = readString(in);
            byte[] inline = withInline ? readBytes(in) : skipBytes(in);
            String owner = readString(in);
            List<PartRef> parts = format == FIRST_FORMAT ? List.of() : readPartRefs(in);
            Map<String, String> encryption = format < 3 ? Map.of() : readMap(in);
            Map<String, String> tags = format < 4 ? Map.of() : readMap(in);
            Map<String, String> tier = format < 4 ? Map.of() : readMap(in);
            return new StoredVersion(stamp, new ObjectVersion(key, versionId, deleteMarker, size, etag,
                    lastModified, headers, checksums, dataId, inline, owner, parts, encryption, tags, tier));
        });
    }

    private static List<PartRef> readPartRefs(RecordInput in) throws IOException {
        int n = readLength(in);
        List<PartRef> parts = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            parts.add(new PartRef(in.readInt(), in.readLong(), readString(in), readString(in), readMap(in)));
        }
        return parts;
    }

    static byte[] encodeTier(TierRecord t) {
        return write(out -> {
            out.writeByte(TIER_FORMAT);
            writeString(out, t.name());
            writeString(out, t.type());
            writeMap(out, t.settings());
            writeInstant(out, t.created());
        });
    }

    static TierRecord decodeTier(byte[] value) {
        return read(value, in -> {
            expectFormat(in, TIER_FORMAT, "tier");
            return new TierRecord(readString(in), readString(in), readMap(in), readInstant(in));
        });
    }

    static byte[] encodeRemoteDeletion(String bucket, String key, String versionId, Map<String, String> tier) {
        return write(out -> {
            out.writeByte(REMOTE_DELETION_FORMAT);
            writeString(out, bucket);
            writeString(out, key);
            writeString(out, versionId);
            writeMap(out, tier);
        });
    }

    static RemoteDeletion decodeRemoteDeletion(String id, byte[] value) {
        return read(value, in -> {
            expectFormat(in, REMOTE_DELETION_FORMAT, "remote deletion");
            return new RemoteDeletion(id, readString(in), readString(in), readString(in), readMap(in));
        });
    }

    static byte[] encodeRestoreExpiry(RestoreExpiry e) {
        return write(out -> {
            out.writeByte(RESTORE_EXPIRY_FORMAT);
            writeString(out, e.bucket());
            writeString(out, e.key());
            writeString(out, e.versionId());
            writeInstant(out, e.expiry());
        });
    }

    static RestoreExpiry decodeRestoreExpiry(byte[] value) {
        return read(value, in -> {
            expectFormat(in, RESTORE_EXPIRY_FORMAT, "restore expiry");
            return new RestoreExpiry(readString(in), readString(in), readString(in), readInstant(in));
        });
    }

    static byte[] encodeUpload(UploadRecord u) {
        return write(out -> {
            out.writeByte(UPLOAD_FORMAT);
            writeString(out, u.key());
            writeString(out, u.uploadId());
            writeInstant(out, u.initiated());
            writeMap(out, u.headers());
            writeMap(out, u.options());
            writeString(out, u.owner());
            writeMap(out, u.tags());
        });
    }

    static UploadRecord decodeUpload(byte[] value) {
        return read(value, in -> {
            byte format = expectFormat(in, UPLOAD_FORMAT, "upload");
            return new UploadRecord(readString(in), readString(in), readInstant(in), readMap(in), readMap(in),
                    readString(in), format < 2 ? Map.of() : readMap(in));
        });
    }

    static byte[] encodePart(PartRecord p) {
        return write(out -> {
            out.writeByte(PART_FORMAT);
            out.writeInt(p.partNumber());
            out.writeLong(p.size());
            writeString(out, p.etag());
            writeInstant(out, p.lastModified());
            writeString(out, p.dataId());
            writeMap(out, p.checksums());
        });
    }

    static PartRecord decodePart(byte[] value) {
        return read(value, in -> {
            expectFormat(in, PART_FORMAT, "part");
            return new PartRecord(in.readInt(), in.readLong(), readString(in), readInstant(in), readString(in),
                    readMap(in));
        });
    }

    /**
     * Reads only the delete-marker flag: listing checks it for keys it may not return, and an inline body can
     * be large.
     */
    static boolean isDeleteMarker(byte[] value) {
        return isDeleteMarker(value, value.length);
    }

    /** As {@link #isDeleteMarker(byte[])}, for a value in the first {@code length} bytes of a buffer. */
    static boolean isDeleteMarker(byte[] value, int length) {
        int at = skipString(value, versionIdOffset(value, length), length);
        if (at >= length) {
            throw new CorruptRecordException("truncated record");
        }
        return value[at] != 0;
    }

    /** Reads only the version id, for the walk that looks for a key's "null" version. */
    static String versionId(byte[] value) {
        int at = versionIdOffset(value, value.length);
        int len = lengthAt(value, at, value.length);
        if (len < 0) {
            return null;
        }
        return new String(value, at + Integer.BYTES, len, StandardCharsets.UTF_8);
    }

    /** Where the version id starts: after format, stamp and key, in every format. */
    private static int versionIdOffset(byte[] value, int length) {
        if (length == 0 || value[0] < FIRST_FORMAT || value[0] > VERSION_FORMAT) {
            throw new CorruptRecordException("unknown object version format");
        }
        return skipString(value, 1 + Long.BYTES, length);
    }

    private static int skipString(byte[] value, int at, int length) {
        return at + Integer.BYTES + Math.max(lengthAt(value, at, length), 0);
    }

    private static int lengthAt(byte[] value, int at, int length) {
        if (at + Integer.BYTES > length) {
            throw new CorruptRecordException("truncated record");
        }
        int len = (value[at] & 0xFF) << 24 | (value[at + 1] & 0xFF) << 16 | (value[at + 2] & 0xFF) << 8
                | (value[at + 3] & 0xFF);
        if (len < -1 || len > length - at - Integer.BYTES) {
            throw new CorruptRecordException("bad length " + len);
        }
        return len;
    }

    /** Stable codes, not ordinals, so reordering the enum cannot change what stored bytes mean. */
    private static byte versioningCode(VersioningState state) {
        return switch (state) {
            case UNVERSIONED -> 0;
            case ENABLED -> 1;
            case SUSPENDED -> 2;
        };
    }

    private static VersioningState versioning(byte code) {
        return switch (code) {
            case 0 -> VersioningState.UNVERSIONED;
            case 1 -> VersioningState.ENABLED;
            case 2 -> VersioningState.SUSPENDED;
            default -> throw new CorruptRecordException("unknown versioning state " + code);
        };
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(RecordInput in) throws IOException;
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
        return read(value, value.length, r);
    }

    private static <T> T read(byte[] value, int length, Reader<T> r) {
        RecordInput in = new RecordInput(value, length);
        try {
            T result = r.read(in);
            if (in.available() != 0) {
                throw new CorruptRecordException(in.available() + " trailing bytes");
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts every format from 1 up to {@code newest}; returns the one found. */
    private static byte expectFormat(RecordInput in, byte newest, String what) throws IOException {
        byte format = in.readByte();
        if (format < FIRST_FORMAT || format > newest) {
            throw new CorruptRecordException("unknown " + what + " format " + format);
        }
        return format;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(RecordInput in) throws IOException {
        int len = readLength(in);
        return len < 0 ? null : in.readUtf8(len);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(RecordInput in) throws IOException {
        int len = readLength(in);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** Skips a length-prefixed byte string; answers null, or an empty array for a present one. */
    private static byte[] skipBytes(RecordInput in) throws IOException {
        int len = readLength(in);
        if (len < 0) {
            return null;
        }
        in.skip(len);
        return EMPTY;
    }

    private static final byte[] EMPTY = new byte[0];

    /** Checked against what is left so a corrupt length fails fast instead of allocating gigabytes. */
    private static int readLength(RecordInput in) throws IOException {
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

    private static Instant readInstant(RecordInput in) throws IOException {
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
    private static Map<String, String> readMap(RecordInput in) throws IOException {
        int n = readLength(in);
        if (n < 0) {
            return null;
        }
        if (n == 0) {
            return Map.of();
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
