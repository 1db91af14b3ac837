package io.cairn.erasure;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Bitrot hash of 1 MiB per operation, as chunk hashes cost on write and on every read. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BitrotBenchmark {
    @Param({"CRC32C", "SHA256"})
    public BitrotAlgorithm algorithm;

    private final byte[] data = new byte[CodecBenchmark.BLOCK];
    private BitrotAlgorithm.ChunkHasher hasher;
    private byte[] hash;

    @Setup
    public void setUp() {
        new Random(1).nextBytes(data);
        hasher = algorithm.newHasher();
        hash = new byte[algorithm.hashLength()];
    }

    @Benchmark
    public byte[] hash() {
        hasher.hash(0, 0, data, 0, data.length, hash);
        return hash;
    }
}
