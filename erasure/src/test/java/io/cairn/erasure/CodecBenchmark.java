package io.cairn.erasure;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and reconstruct throughput on one 1 MiB block, single thread: one operation is one block, so
 * MB/s = ops/s × 1.048576 (bench/erasure-jmh.sh does the arithmetic). Reconstruction rebuilds m lost data
 * shards, the worst case of a read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CodecBenchmark {
    static final int BLOCK = 1 << 20;

    @Param({"4+2", "8+4", "12+4"})
    public String shape;

    /** The shard format's code: BITSLICED_SUBFIELD is what the server writes, the others formats it still reads. */
    @Param({"BITSLICED_SUBFIELD", "BITSLICED_SEARCHED", "BITSLICED", "BYTEWISE"})
    public String code;

    @Param({"vector"})
    public String kernel;

    private ReedSolomon codec;
    private byte[][] shards;
    private boolean[] present;
    private int chunk;

    @Setup(Level.Trial)
    public void setUp() {
        String[] km = shape.split("\\+");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        codec = new ReedSolomon(k, m, ErasureCode.valueOf(code),
                kernel.equals("scalar") ? ScalarKernel.INSTANCE : VectorKernel.INSTANCE);
        chunk = (BLOCK + k - 1) / k;
        shards = new byte[k + m][chunk];
        Random random = new Random(1);
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        codec.encode(shards, 0, chunk);
        present = new boolean[k + m];
        java.util.Arrays.fill(present, m, k + m, true);
    }

    @Benchmark
    public byte[][] encode() {
        codec.encode(shards, 0, chunk);
        return shards;
    }

    @Benchmark
    public byte[][] reconstruct() throws NotEnoughShardsException {
        codec.reconstructData(shards, present, 0, chunk);
        return shards;
    }
}
