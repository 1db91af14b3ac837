package io.cairn.bench.run;

import io.cairn.bench.http.Connection;

import java.util.SplittableRandom;

/**
 * One closed-loop client: a connection, its own random source (no contention between event loops) and a
 * sequence for naming the objects it writes. Used only on its connection's event loop.
 */
public final class Worker {
    private final int index;
    private final Connection connection;
    private final SplittableRandom random;
    private long sequence;

    public Worker(int index, Connection connection, SplittableRandom random) {
        this.index = index;
        this.connection = connection;
        this.random = random;
    }

    public int index() {
        return index;
    }

    public Connection connection() {
        return connection;
    }

    public SplittableRandom random() {
        return random;
    }

    public long nextSequence() {
        return sequence++;
    }
}
