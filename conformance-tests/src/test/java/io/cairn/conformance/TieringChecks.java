package io.cairn.conformance;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tiering tests check again and again: content read back whole and in ranges (inside and across 64 KiB
 * SSE packages), data files left on the local disk, plaintext searched in stored copies, conditions polled for.
 */
final class TieringChecks {
    static final int PKG = 64 * 1024;
    static final Consumer<GetObjectRequest.Builder> NOTHING = b -> { };

    private TieringChecks() {
    }

    static byte[] get(S3Client s3, String bucket, String key, String range, Consumer<GetObjectRequest.Builder> more) {
        return s3.getObjectAsBytes(b -> {
            b.bucket(bucket).key(key).range(range);
            more.accept(b);
        }).asByteArray();
    }

    /** Whole object and ranges inside and across packages read back exactly; {@code more} adds to each GET. */
    static void assertReadsBack(S3Client s3, String bucket, String key, byte[] data,
                                Consumer<GetObjectRequest.Builder> more) {
        assertThat(get(s3, bucket, key, null, more)).as("whole %s", key).isEqualTo(data);
        int n = data.length;
        if (n == 0) {
            return;
        }
        long[][] ranges = {{0, 0}, {10, Math.min(20, n - 1)}, {n - 1, n - 1}, {0, n - 1}, {n / 3, 2L * n / 3},
                {Math.min(PKG - 1, n - 1), Math.min(PKG, n - 1)}, {Math.min(PKG - 5, n - 1), Math.min(3L * PKG + 1,
                n - 1)}};
        for (long[] r : ranges) {
            assertRange(s3, bucket, key, data, r[0], r[1], more);
        }
        assertThat(get(s3, bucket, key, "bytes=-" + Math.min(100, n), more)).as("suffix of %s", key)
                .isEqualTo(Arrays.copyOfRange(data, n - Math.min(100, n), n));
    }

    /** Bytes {@code first..last} (inclusive, as in a Range header) read back exactly. */
    static void assertRange(S3Client s3, String bucket, String key, byte[] data, long first, long last,
                            Consumer<GetObjectRequest.Builder> more) {
        byte[] got = get(s3, bucket, key, "bytes=" + first + "-" + last, more);
        assertThat(got).as("range %d-%d of %s", first, last, key)
                .isEqualTo(Arrays.copyOfRange(data, (int) first, (int) last + 1));
    }

    /** Data files the server holds (inline objects have none). */
    static long localFiles(CairnTestServer server) {
        try (Stream<Path> files = Files.walk(server.dataDir().resolve(".cairn").resolve("data"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Polls every 50 ms until the condition holds; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
