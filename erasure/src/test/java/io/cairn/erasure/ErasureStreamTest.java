package io.cairn.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErasureStreamTest {
    /** Chunks of 2.7 to 16 KiB: whole bit-sliced regions and a byte-wise tail for every k. */
    private static final int BLOCK = 32 * 1024;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> configurations() {
        return ReedSolomonTest.configurations();
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void objectsOfAnySizeSurviveMLostShards(int k, int m) throws IOException {
        Random random = new Random(1000L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        int[] sizes = {0, 1, k - 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + random.nextInt(BLOCK), random.nextInt(6 * BLOCK)};
        for (int size : sizes) {
            byte[] object = randomBytes(random, size);
            ErasureLayout layout = layout(k, m, size, random);
            byte[][] files = Shards.encode(codec, layout, object);
            for (byte[] file : files) {
                assertThat((long) file.length).isEqualTo(layout.shardFileSize());
            }
            assertThat(Shards.readAll(codec, layout, Shards.sources(files))).isEqualTo(object);
            byte[][] damaged = files.clone();
            for (int lost : ReedSolomonTest.randomSubset(k + m, m, random)) {
                damaged[lost] = null;
            }
            assertThat(Shards.readAll(codec, layout, Shards.sources(damaged))).as("size %d", size).isEqualTo(object);
        }
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void corruptChunksAreDetectedReportedAndRebuilt(int k, int m) throws IOException {
        Random random = new Random(77L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        int size = 5 * BLOCK + random.nextInt(BLOCK);
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = layout(k, m, size, random);
        byte[][] files = Shards.encode(codec, layout, object);
        for (int round = 0; round < 5; round++) {
            long block = random.nextInt((int) layout.blockCount());
            byte[][] damaged = copy(files);
            int[] bad = ReedSolomonTest.randomSubset(k + m, 1 + random.nextInt(m), random);
            for (int shard : bad) {
                // A byte of the chunk or of its stored hash.
                int span = layout.chunkLength(block) + layout.algorithm().hashLength();
                damaged[shard][(int) layout.chunkPosition(block) + random.nextInt(span)] ^= (byte) (1 + random.nextInt(255));
            }
            ErasureDecoder decoder = ErasureDecoder.open(codec, layout, Shards.sources(damaged));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            decoder.read(0, size, out);
            assertThat(out.toByteArray()).isEqualTo(object);
            assertThat(decoder.faults()).allSatisfy(fault -> {
                assertThat(fault.block()).isEqualTo(block);
                assertThat(bad).contains(fault.shardIndex());
                assertThat(fault.reason()).contains("bitrot hash mismatch");
            });
            // Every bad data chunk is needed for a full read, so each is met; bad parity only when used.
            long badData = Arrays.stream(bad).filter(shard -> shard < k).count();
            assertThat(decoder.faults().size()).isGreaterThanOrEqualTo((int) badData);
        }
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void moreThanMBadChunksInABlockFailAfterTheGoodBlocks(int k, int m) throws IOException {
        Random random = new Random(55L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        int size = 4 * BLOCK;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(k, m, BLOCK, size, BitrotAlgorithm.CRC32C, 1);
        byte[][] damaged = Shards.encode(codec, layout, object);
        int[] bad = ReedSolomonTest.randomSubset(k + m, m + 1, random);
        for (int shard : bad) {
            damaged[shard][(int) layout.chunkPosition(2) + random.nextInt(layout.chunkLength(2))] ^= 0x01;
        }
        ErasureDecoder decoder = ErasureDecoder.open(codec, layout, Shards.sources(damaged));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> decoder.read(0, size, out))
                .isInstanceOf(NotEnoughShardsException.class)
                .hasMessageContaining("block 2")
                .hasMessageContaining("bitrot hash mismatch");
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(object, 2 * BLOCK));
        // Blocks the damage does not touch still read.
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        decoder.read(3 * BLOCK, BLOCK, tail);
        assertThat(tail.toByteArray()).isEqualTo(Arrays.copyOfRange(object, 3 * BLOCK, size));
    }

    @Test
    void rangesReadOnlyTheBlocksTheyCoverAndOnlyTheDataChunksTheyNeed() throws IOException {
        Random random = new Random(3);
        ReedSolomon codec = ReedSolomon.create(4, 2);
        int size = 10 * BLOCK + 123;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(4, 2, BLOCK, size, BitrotAlgorithm.CRC32C, 9);
        byte[][] files = Shards.encode(codec, layout, object);
        for (int round = 0; round < 300; round++) {
            long offset = random.nextInt(size + 1);
            long length = random.nextInt((int) (size - offset) + 1);
            List<List<long[]>> reads = new ArrayList<>();
            List<ShardSource> sources = new ArrayList<>();
            for (byte[] file : files) {
                List<long[]> log = new ArrayList<>();
                reads.add(log);
                ShardSource inner = Shards.source(file);
                sources.add((position, dst, off, len) -> {
                    log.add(new long[] {position, len});
                    inner.readFully(position, dst, off, len);
                });
            }
            if (round % 2 == 1) {
                sources.set(random.nextInt(6), null);
            }
            ErasureDecoder decoder = ErasureDecoder.open(codec, layout, sources);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            decoder.read(offset, length, out);
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(object, (int) offset, (int) (offset + length)));
            long firstBlock = offset / BLOCK;
            long lastBlock = length == 0 ? firstBlock - 1 : (offset + length - 1) / BLOCK;
            for (int shard = 0; shard < 6; shard++) {
                for (long[] read : reads.get(shard)) {
                    if (read[0] == 0) {
                        continue; // the header
                    }
                    long block = (read[0] - ShardHeader.LENGTH) / (layout.chunkLength(0) + 4);
                    assertThat(block).as("shard %d read block %d for %d+%d", shard, block, offset, length)
                            .isBetween(firstBlock, lastBlock);
                    if (round % 2 == 0) {
                        assertThat(shard).as("intact reads use data shards only").isLessThan(4);
                    }
                }
            }
        }
    }

    @Test
    void truncatedForeignAndUnreadableShardsCountAsMissing() throws IOException {
        Random random = new Random(11);
        ReedSolomon codec = ReedSolomon.create(4, 3);
        int size = 3 * BLOCK + 5;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(4, 3, BLOCK, size, BitrotAlgorithm.CRC32C, 42);
        byte[][] files = Shards.encode(codec, layout, object);
        ErasureLayout other = new ErasureLayout(4, 3, BLOCK, size, BitrotAlgorithm.CRC32C, 43);
        List<ShardSource> sources = Shards.sources(files);
        sources.set(0, Shards.source(Arrays.copyOf(files[0], files[0].length - 2)));
        sources.set(1, Shards.source(Shards.encode(codec, other, object)[1]));
        sources.set(2, (position, dst, offset, length) -> {
            throw new IOException("disk on fire");
        });
        ErasureDecoder decoder = ErasureDecoder.open(codec, layout, sources);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decoder.read(0, size, out);
        assertThat(out.toByteArray()).isEqualTo(object);
        assertThat(decoder.faults()).extracting(ShardFault::shardIndex, ShardFault::block).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1, ShardFault.WHOLE_SHARD),
                org.assertj.core.groups.Tuple.tuple(2, ShardFault.WHOLE_SHARD),
                org.assertj.core.groups.Tuple.tuple(0, 3L));
        assertThat(decoder.faults().get(2).reason()).contains("truncated");
    }

    @Test
    void headerRoundTripsAndRejectsDamage() throws IOException {
        ErasureLayout layout = new ErasureLayout(12, 4, 1 << 20, 123_456_789_012L, BitrotAlgorithm.SHA256, -7);
        byte[] bytes = new ShardHeader(layout, 15).toBytes();
        assertThat(bytes).hasSize(ShardHeader.LENGTH);
        assertThat(ShardHeader.parse(bytes)).isEqualTo(new ShardHeader(layout, 15));
        for (int i = 0; i < bytes.length; i++) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            assertThatThrownBy(() -> ShardHeader.parse(damaged)).isInstanceOf(ShardFormatException.class);
        }
        assertThatThrownBy(() -> ShardReader.open(Shards.source(new byte[10])))
                .isInstanceOf(ShardFormatException.class).hasMessageContaining("shorter than its header");
    }

    @ParameterizedTest
    @EnumSource(BitrotAlgorithm.class)
    void everyAlgorithmRoundTripsAndCatchesMisplacedChunks(BitrotAlgorithm algorithm) throws IOException {
        Random random = new Random(algorithm.id());
        ReedSolomon codec = ReedSolomon.create(3, 2);
        int size = 4 * BLOCK;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(3, 2, BLOCK, size, algorithm, 5);
        byte[][] files = Shards.encode(codec, layout, object);
        assertThat(Shards.readAll(codec, layout, Shards.sources(files))).isEqualTo(object);
        // Block 1's chunk and hash copied over block 2 of the same shard: intact bytes, wrong place.
        byte[] moved = files[0].clone();
        int span = layout.chunkLength(0) + algorithm.hashLength();
        System.arraycopy(moved, (int) layout.chunkPosition(1), moved, (int) layout.chunkPosition(2), span);
        ShardReader reader = ShardReader.open(Shards.source(moved));
        reader.readChunk(1, new byte[span], 0);
        assertThatThrownBy(() -> reader.readChunk(2, new byte[span], 0))
                .isInstanceOf(ShardCorruptException.class)
                .satisfies(e -> assertThat(((ShardCorruptException) e).block()).isEqualTo(2));
    }

    @Test
    void failingOutputsAreDroppedWhileTheWriteQuorumHolds() throws IOException {
        Random random = new Random(21);
        ReedSolomon codec = ReedSolomon.create(4, 2);
        int size = 6 * BLOCK;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(4, 2, BLOCK, size, BitrotAlgorithm.CRC32C, 8);
        List<ByteArrayOutputStream> outs = new ArrayList<>();
        List<OutputStream> sinks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outs.add(out);
            sinks.add(i == 3 ? failingAfter(out, 2000) : out);
        }
        sinks.set(5, null);
        ErasureEncoder encoder = new ErasureEncoder(codec, layout, sinks, 4);
        encoder.write(object);
        encoder.close();
        assertThat(encoder.failedShards()).containsOnlyKeys(3, 5);
        byte[][] files = new byte[6][];
        for (int i = 0; i < 5; i++) {
            files[i] = i == 3 ? null : outs.get(i).toByteArray();
        }
        assertThat(Shards.readAll(codec, layout, Shards.sources(files))).isEqualTo(object);

        List<OutputStream> tooFew = new ArrayList<>(sinks);
        tooFew.set(0, failingAfter(new ByteArrayOutputStream(), 0));
        assertThatThrownBy(() -> new ErasureEncoder(codec, layout, tooFew, 5))
                .isInstanceOf(NotEnoughShardsException.class).hasMessageContaining("only 3 of the 5");
    }

    @Test
    void theDeclaredSizeIsEnforced() throws IOException {
        ReedSolomon codec = ReedSolomon.create(2, 1);
        ErasureLayout layout = new ErasureLayout(2, 1, BLOCK, 10, BitrotAlgorithm.CRC32C, 1);
        List<OutputStream> outs = List.of(new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        ErasureEncoder shortWrite = new ErasureEncoder(codec, layout, outs, 3);
        shortWrite.write(new byte[9]);
        assertThatThrownBy(shortWrite::close).hasMessageContaining("declared 10 bytes but 9");
        ErasureEncoder longWrite = new ErasureEncoder(codec, layout, outs, 3);
        assertThatThrownBy(() -> longWrite.write(new byte[11])).hasMessageContaining("more than the declared 10");
    }

    @Test
    void fileChannelsServeAsSources(@TempDir Path dir) throws IOException {
        Random random = new Random(4);
        ReedSolomon codec = ReedSolomon.create(2, 2);
        int size = 2 * BLOCK + 7;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(2, 2, BLOCK, size, BitrotAlgorithm.CRC32C, 3);
        byte[][] files = Shards.encode(codec, layout, object);
        List<FileChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < files.length; i++) {
                Path file = dir.resolve("shard" + i);
                Files.write(file, files[i]);
                channels.add(FileChannel.open(file, StandardOpenOption.READ));
            }
            List<ShardSource> sources = new ArrayList<>();
            channels.forEach(channel -> sources.add(ShardSource.of(channel)));
            sources.set(0, null);
            assertThat(Shards.readAll(codec, layout, sources)).isEqualTo(object);
        } finally {
            for (FileChannel channel : channels) {
                channel.close();
            }
        }
    }

    /**
     * Shards written in an earlier format (1: byte-wise, 2: bit-sliced with the default points, 3: with searched
     * points) are still read, rebuilt and repaired in it.
     */
    @ParameterizedTest
    @EnumSource(value = ErasureCode.class, names = {"BYTEWISE", "BITSLICED", "BITSLICED_SEARCHED"})
    void earlierFormatsStayReadableAndRepairable(ErasureCode earlier) throws IOException {
        Random random = new Random(8);
        ReedSolomon old = ReedSolomon.create(4, 2, earlier);
        int size = 3 * BLOCK + 5;
        byte[] object = randomBytes(random, size);
        ErasureLayout layout = new ErasureLayout(4, 2, BLOCK, size, BitrotAlgorithm.CRC32C, 9, earlier);
        byte[][] files = Shards.encode(old, layout, object);
        assertThat(files[0][4]).as("format version byte").isEqualTo((byte) earlier.version());
        byte[][] damaged = files.clone();
        damaged[0] = null;
        damaged[3] = null;
        assertThat(Shards.readAll(old, layout, Shards.sources(damaged))).isEqualTo(object);
        assertThat(ShardRepair.check(layout, Shards.sources(damaged))).containsOnlyKeys(0, 3);
        Map<Integer, ByteArrayOutputStream> rebuilt = new TreeMap<>(Map.of(0, new ByteArrayOutputStream(),
                3, new ByteArrayOutputStream()));
        ShardRepair.rebuild(old, layout, Shards.sources(damaged), rebuilt);
        rebuilt.forEach((i, out) -> assertThat(out.toByteArray()).as("shard %d rebuilt", i).isEqualTo(files[i]));

        ReedSolomon current = ReedSolomon.create(4, 2);
        assertThatThrownBy(() -> Shards.readAll(current, layout, Shards.sources(files)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the code");
        byte[][] now = Shards.encode(current, layout(4, 2, size, random), object);
        assertThat(now[0][4]).as("format version byte").isEqualTo((byte) 4);
        assertThat(now[4]).as("a parity shard differs between the codes").isNotEqualTo(files[4]);
    }

    private static ErasureLayout layout(int k, int m, long size, Random random) {
        return new ErasureLayout(k, m, BLOCK, size, BitrotAlgorithm.CRC32C, random.nextLong());
    }

    private static OutputStream failingAfter(OutputStream out, long limit) {
        return new OutputStream() {
            private long count;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                count += len;
                if (count > limit) {
                    throw new IOException("device gone");
                }
                out.write(b, off, len);
            }
        };
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[][] copy(byte[][] files) {
        byte[][] out = new byte[files.length][];
        for (int i = 0; i < files.length; i++) {
            out[i] = files[i].clone();
        }
        return out;
    }
}
