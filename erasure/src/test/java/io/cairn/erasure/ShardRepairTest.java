package io.cairn.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShardRepairTest {
    /** Chunks of 2.7 to 16 KiB: whole bit-sliced regions and a byte-wise tail for every k. */
    private static final int BLOCK = 32 * 1024;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> configurations() {
        return ReedSolomonTest.configurations();
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void lostAndCorruptShardsAreFoundAndRewrittenByteExact(int k, int m) throws IOException {
        Random random = new Random(31L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        for (int size : new int[] {0, 1, BLOCK + 1, 4 * BLOCK + random.nextInt(BLOCK)}) {
            byte[] object = new byte[size];
            random.nextBytes(object);
            ErasureLayout layout = new ErasureLayout(k, m, BLOCK, size, BitrotAlgorithm.CRC32C, random.nextLong());
            byte[][] files = Shards.encode(codec, layout, object);
            assertThat(ShardRepair.check(layout, Shards.sources(files))).isEmpty();

            byte[][] damaged = new byte[files.length][];
            for (int i = 0; i < files.length; i++) {
                damaged[i] = files[i].clone();
            }
            int[] bad = ReedSolomonTest.randomSubset(k + m, m, random);
            for (int j = 0; j < bad.length; j++) {
                int shard = bad[j];
                if (j % 2 == 0 || size == 0) {
                    damaged[shard] = null;
                } else {
                    damaged[shard][damaged[shard].length - 1 - random.nextInt(damaged[shard].length - ShardHeader.LENGTH)]
                            ^= 0x40;
                }
            }
            Map<Integer, String> found = ShardRepair.check(layout, Shards.sources(damaged));
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(
                    java.util.Arrays.stream(bad).boxed().toList());

            Map<Integer, ByteArrayOutputStream> outs = new TreeMap<>();
            found.keySet().forEach(i -> outs.put(i, new ByteArrayOutputStream()));
            ShardRepair.rebuild(codec, layout, Shards.sources(damaged), outs);
            outs.forEach((i, out) -> damaged[i] = out.toByteArray());
            for (int i = 0; i < files.length; i++) {
                assertThat(damaged[i]).as("shard %d of %d bytes", i, size).isEqualTo(files[i]);
            }
            assertThat(ShardRepair.check(layout, Shards.sources(damaged))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void moreThanMBadShardsCannotBeRebuilt(int k, int m) throws IOException {
        Random random = new Random(7L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        byte[] object = new byte[2 * BLOCK + 5];
        random.nextBytes(object);
        ErasureLayout layout = new ErasureLayout(k, m, BLOCK, object.length, BitrotAlgorithm.CRC32C, random.nextLong());
        byte[][] files = Shards.encode(codec, layout, object);
        int[] lost = ReedSolomonTest.randomSubset(k + m, m + 1, random);
        for (int shard : lost) {
            files[shard] = null;
        }
        Map<Integer, ByteArrayOutputStream> outs = new TreeMap<>();
        for (int shard : lost) {
            outs.put(shard, new ByteArrayOutputStream());
        }
        assertThatThrownBy(() -> ShardRepair.rebuild(codec, layout, Shards.sources(files), outs))
                .isInstanceOf(NotEnoughShardsException.class);
    }
}
