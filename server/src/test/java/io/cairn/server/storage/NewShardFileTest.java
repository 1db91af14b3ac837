package io.cairn.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard files written past the page cache hold exactly the bytes written, whatever the sizes and pieces. */
class NewShardFileTest {
    @TempDir
    Path dir;

    @Test
    void holdsExactlyTheBytesWrittenAtEverySizeAroundTheBlockAndBuffer() throws IOException {
        int buffer = NewShardFile.BUFFER;
        int[] sizes = {0, 1, 36, 4095, 4096, 4097, buffer - 1, buffer, buffer + 1, 3 * buffer + 4096 + 17};
        Random random = new Random(7);
        for (int size : sizes) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path path = dir.resolve("shard-" + size);
            try (NewShardFile file = NewShardFile.create(path)) {
                if (Set.of("ext4", "xfs", "btrfs").contains(Files.getFileStore(dir).type())) {
                    assertThat(file.direct()).as("O_DIRECT on " + Files.getFileStore(dir).type()).isTrue();
                }
                OutputStream out = file.stream();
                int at = 0;
                while (at < size) {
                    int n = Math.min(size - at, 1 + random.nextInt(70_000));
                    if (n == 1) {
                        out.write(content[at]);
                    } else {
                        out.write(content, at, n);
                    }
                    at += n;
                }
                file.sync();
            }
            assertThat(Files.size(path)).as("size %d", size).isEqualTo(size);
            assertThat(Files.readAllBytes(path)).as("size %d", size).isEqualTo(content);
        }
    }

    @Test
    void neverReplacesAFileThatExists() throws IOException {
        Path path = dir.resolve("there");
        Files.writeString(path, "keep");
        assertThatThrownBy(() -> NewShardFile.create(path)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(path)).isEqualTo("keep");
    }
}
