package io.cairn.meta;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Format-1 records as the release before versioning and multipart wrote them, spelled out independently of
 * {@link RecordCodec} so that decoding old data stays tested however the codec changes.
 */
final class LegacyFormat {

    private LegacyFormat() {
    }

    static byte[] bucket(long id, String name, String region, String owner, Instant created) {
        return write(out -> {
            out.writeByte(1);
            out.writeLong(id);
            string(out, name);
            string(out, region);
            string(out, owner);
            instant(out, created);
        });
    }

    static byte[] version(long stamp, String key, String versionId, boolean deleteMarker, long size, String etag,
                          Instant lastModified, Map<String, String> headers, Map<String, String> checksums,
                          String dataId, byte[] inline, String owner) {
        return write(out -> {
            out.writeByte(1);
            out.writeLong(stamp);
            string(out, key);
            string(out, versionId);
            out.writeBoolean(deleteMarker);
            out.writeLong(size);
            string(out, etag);
            instant(out, lastModified);
            map(out, headers);
            map(out, checksums);
            string(out, dataId);
            bytes(out, inline);
            string(out, owner);
        });
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static void map(DataOutputStream out, Map<String, String> m) throws IOException {
        out.writeInt(m.size());
        for (Map.Entry<String, String> e : m.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue());
        }
    }
}
