package io.cairn.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Everything logged through java.util.logging (where the server's System.Logger goes) while it is open. */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter format = new SimpleFormatter();

    LogCapture() {
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(format.format(record));
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
