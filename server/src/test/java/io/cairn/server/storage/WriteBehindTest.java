package io.cairn.server.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Background syncs while a file is written: the bytes arrive intact, and a file closed meanwhile is no error. */
class WriteBehindTest {
    @TempDir
    Path dir;

    @Test
    void bytesWrittenWhileSyncsRunArriveIntact() throws Exception {
        byte[] data = new byte[(int) (3 * WriteBehind.STEP + 12345)];
        new Random(3).nextBytes(data);
        Path file = dir.resolve("f");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = WriteBehind.outputStream(ch);
            for (int at = 0; at < data.length; at += 65536) {
                out.write(data, at, Math.min(65536, data.length - at));
            }
            ch.force(true);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }

    @Test
    void aFileClosedWhileItsSyncIsPendingIsNoError() throws Exception {
        for (int i = 0; i < 20; i++) {
            FileChannel ch = FileChannel.open(dir.resolve("g" + i), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            WriteBehind behind = new WriteBehind(ch);
            ch.write(java.nio.ByteBuffer.allocate(4096));
            behind.written(WriteBehind.STEP);
            assertThatCode(ch::close).doesNotThrowAnyException();
        }
    }
}
