package io.cairn.server.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The checked file slices an erasure-coded GET sends from (4+2, chunks of 256 KiB). */
class ErasureSliceTest {
    private static final int CHUNK = ErasureDataStore.BLOCK_SIZE / 4;

    @TempDir
    Path dir;
    private ErasureDataStore store;
    private byte[] data;
    private String id;

    @BeforeEach
    void write() throws IOException {
        List<Path> roots = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            roots.add(dir.resolve("d" + i));
        }
        store = new ErasureDataStore(DriveSet.open(roots), 2, 1);
        data = new byte[3 * ErasureDataStore.BLOCK_SIZE + 5];
        new Random(7).nextBytes(data);
        try (DataStore.Writer w = store.create(data.length)) {
            w.write(ByteBuffer.wrap(data));
            w.commit();
            id = w.id();
        }
    }

    @Test
    void wholeChunksComeAsSlicesHoldingExactlyTheirBytes() throws IOException {
        List<DataStore.FileSlice> slices = new ArrayList<>();
        try (DataStore.Blob blob = store.open(id)) {
            long at = 0;
            DataStore.FileSlice s;
            while ((s = blob.verifiedSlice(at, 2 * CHUNK)) != null) {
                // The last block (5 bytes) has chunks of 2 bytes: two whole ones, then one padded.
                assertThat(s.length()).isEqualTo(at < 3L * ErasureDataStore.BLOCK_SIZE ? CHUNK : 2);
                assertThat(bytesOf(s)).isEqualTo(slice(at, s.length()));
                slices.add(s);
                at += s.length();
            }
            // The last byte is in a padded chunk, which only the decoder reads.
            assertThat(at).isEqualTo(data.length - 1);
            assertThat(blob.verifiedSlice(1, 2 * CHUNK)).as("not at a chunk boundary").isNull();
            assertThat(blob.verifiedSlice(0, CHUNK - 1)).as("chunk does not fit").isNull();
        }
        // The blob is closed, the slices not yet sent: their files stay open until the last is released.
        for (DataStore.FileSlice s : slices) {
            assertThat(s.channel().isOpen()).isTrue();
            assertThat(bytesOf(s)).hasSize(s.length());
        }
        FileChannel first = slices.getFirst().channel();
        slices.forEach(s -> s.release().run());
        assertThat(first.isOpen()).isFalse();
    }

    @Test
    void aDamagedChunkIsNotOfferedAndTheReadRebuildsIt() throws IOException {
        // Block 1, data shard 2: flip a byte in the middle of its chunk.
        DriveSet.Drive drive = store.drives().drive(store.driveOf(id, 2));
        Path shard = store.shardPath(drive, id);
        long chunkStart;
        try (DataStore.Blob blob = store.open(id)) {
            DataStore.FileSlice s = blob.verifiedSlice(ErasureDataStore.BLOCK_SIZE + 2L * CHUNK, CHUNK);
            chunkStart = s.position();
            s.release().run();
        }
        try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, chunkStart + 1000);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            ch.write(b.flip(), chunkStart + 1000);
        }
        try (DataStore.Blob blob = store.open(id)) {
            long damaged = ErasureDataStore.BLOCK_SIZE + 2L * CHUNK;
            assertThat(blob.verifiedSlice(damaged, CHUNK)).isNull();
            DataStore.FileSlice next = blob.verifiedSlice(damaged + CHUNK, CHUNK);
            assertThat(bytesOf(next)).isEqualTo(slice(damaged + CHUNK, CHUNK));
            next.release().run();
            ByteBuffer rebuilt = ByteBuffer.allocate(CHUNK);
            blob.readFully(damaged, rebuilt);
            assertThat(rebuilt.array()).isEqualTo(slice(damaged, CHUNK));
        }
    }

    private static byte[] bytesOf(DataStore.FileSlice s) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(s.length());
        while (b.hasRemaining()) {
            s.channel().read(b, s.position() + b.position());
        }
        return b.array();
    }

    private byte[] slice(long from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, (int) from, out, 0, length);
        return out;
    }
}
