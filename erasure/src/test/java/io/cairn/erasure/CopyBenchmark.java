package io.cairn.erasure;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The yardstick: System.arraycopy of the same 1 MiB a codec operation processes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CopyBenchmark {
    private final byte[] source = new byte[CodecBenchmark.BLOCK];
    private final byte[] target = new byte[CodecBenchmark.BLOCK];

    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(source, 0, target, 0, source.length);
        return target;
    }
}
