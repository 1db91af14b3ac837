package io.cairn.server.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A log of one JSON object per line, written by its own thread from a bounded queue: whoever logs (the event loop)
 * never waits for the disk. When the queue is full the entry is dropped and counted; a line is never half written.
 * Non-ASCII characters and DEL are written as {@code \\uXXXX} escapes (JSON itself escapes the other control
 * characters), so any key, even one with unpaired surrogates, makes valid JSON in printable ASCII and no control
 * character reaches a terminal raw.
 *
 * @param <T> what an entry is
 */
public final class JsonLinesLog<T> implements AutoCloseable {
    /** Turns an entry into the fields of its JSON object (the object's braces are written around them). */
    @FunctionalInterface
    public interface Format<T> {
        void write(T entry, JsonGenerator json) throws IOException;
    }

    public static final String STDOUT = "stdout";
    private static final System.Logger LOG = System.getLogger(JsonLinesLog.class.getName());
    private static final int CAPACITY = 16_384;
    private static final int BATCH = 512;
    private static final int FLUSH_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactoryBuilder().enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .characterEscapes(new DelEscaped()).build();

    /** JSON's standard escapes, plus DEL. */
    private static final class DelEscaped extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        DelEscaped() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    private final String name;
    private final Format<T> format;
    private final OutputStream out;
    private final boolean ownsOut;
    private final ArrayBlockingQueue<T> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean closing;
    private boolean failing;

    private JsonLinesLog(String name, Format<T> format, OutputStream out, boolean ownsOut) {
        this.name = name;
        this.format = format;
        this.out = out;
        this.ownsOut = ownsOut;
        this.writer = new Thread(this::run, "cairn-" + name + "-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * @param name   what the log is, for the writer thread's name and messages ("access", "audit")
     * @param target {@value #STDOUT} or a file path (appended to, created when missing)
     * @throws IOException when the file cannot be opened
     */
    public static <T> JsonLinesLog<T> open(String name, String target, Format<T> format) throws IOException {
        if (target.equals(STDOUT)) {
            return new JsonLinesLog<>(name, format, System.out, false);
        }
        return new JsonLinesLog<>(name, format, new FileOutputStream(Path.of(target).toFile(), true), true);
    }

    /** Queues an entry; never blocks. */
    public void log(T entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Entries lost so far: the queue was full, or writing failed (disk full, closed pipe). */
    public long dropped() {
        return dropped.sum();
    }

    public String name() {
        return name;
    }

    private void run() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_BYTES * 2);
        List<T> batch = new ArrayList<>(BATCH);
        try (JsonGenerator json = JSON.createGenerator(buffer)) {
            json.setRootValueSeparator(null);
            while (!closing || !queue.isEmpty()) {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (T entry : batch) {
                    json.writeStartObject();
                    format.write(entry, json);
                    json.writeEndObject();
                    json.writeRaw('\n');
                    json.flush();
                    if (buffer.size() >= FLUSH_BYTES) {
                        emit(buffer);
                    }
                }
                batch.clear();
                if (queue.isEmpty()) {
                    emit(buffer);
                }
            }
            emit(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the " + name + " log stopped", e);
        }
    }

    /** Writes whole lines only, in one call, so two logs sharing stdout never interleave within a line. */
    private void emit(ByteArrayOutputStream buffer) {
        if (buffer.size() == 0) {
            return;
        }
        try {
            synchronized (out) {
                buffer.writeTo(out);
                out.flush();
            }
            if (failing) {
                failing = false;
                LOG.log(System.Logger.Level.INFO, "the {0} log is written again", name);
            }
        } catch (IOException e) {
            dropped.add(lines(buffer));
            if (!failing) {
                failing = true;
                LOG.log(System.Logger.Level.WARNING, "cannot write the {0} log ({1}); lines are dropped and counted "
                        + "until it works again", name, e.getMessage());
            }
        }
        buffer.reset();
    }

    private static long lines(ByteArrayOutputStream buffer) {
        byte[] b = buffer.toByteArray();
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Writes what is queued, then stops the writer and closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsOut) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the {0} log failed: {1}", name, e.getMessage());
            }
        }
    }
}
