package io.cairn.erasure;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** In-memory shard files for tests. */
final class Shards {
    private Shards() {
    }

    static byte[][] encode(ReedSolomon codec, ErasureLayout layout, byte[] object) throws IOException {
        List<ByteArrayOutputStream> outs = new ArrayList<>();
        for (int i = 0; i < layout.totalShards(); i++) {
            outs.add(new ByteArrayOutputStream());
        }
        try (ErasureEncoder encoder = new ErasureEncoder(codec, layout, outs, layout.totalShards())) {
            // Uneven writes so block and chunk boundaries fall inside them.
            Random random = new Random(object.length);
            int at = 0;
            while (at < object.length) {
                int n = Math.min(object.length - at, 1 + random.nextInt(3 * layout.blockSize() / 2));
                encoder.write(object, at, n);
                at += n;
            }
        }
        byte[][] files = new byte[outs.size()][];
        for (int i = 0; i < files.length; i++) {
            files[i] = outs.get(i).toByteArray();
        }
        return files;
    }

    static ShardSource source(byte[] file) {
        return (position, dst, offset, length) -> {
            if (position + length > file.length) {
                throw new EOFException("past the end");
            }
            System.arraycopy(file, (int) position, dst, offset, length);
        };
    }

    static List<ShardSource> sources(byte[][] files) {
        List<ShardSource> out = new ArrayList<>();
        for (byte[] file : files) {
            out.add(file == null ? null : source(file));
        }
        return out;
    }

    static byte[] readAll(ReedSolomon codec, ErasureLayout layout, List<ShardSource> sources) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ErasureDecoder.open(codec, layout, sources).read(0, layout.objectSize(), out);
        return out.toByteArray();
    }
}
