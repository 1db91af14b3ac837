package io.cairn.bench.run;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a status line each second while the runner's own thread is blocked in a long step (preparing,
 * cleaning up). The measured phases print their own progress from the runner's thread.
 */
final class StatusTicker implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private volatile Supplier<String> status;

    StatusTicker(PrintStream out) {
        if (out == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            Supplier<String> s = status;
            if (s != null) {
                out.println(s.get());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** What to print each second from now on; null for nothing. */
    void show(Supplier<String> s) {
        status = s;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
