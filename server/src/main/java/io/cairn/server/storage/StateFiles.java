package io.cairn.server.storage;

import io.cairn.server.sse.SecretFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the small state files (root credentials, master keys, the KMS keyring) the same on every drive that holds
 * metadata, so losing a drive never loses the keys that open encrypted objects. The server writes them in one
 * directory; the newest copy of each (by modification time) is copied, as a secret file, where it differs.
 */
final class StateFiles {
    static final List<String> NAMES = List.of("root-credentials", "master-keys", "kms-keyring");

    private StateFiles() {
    }

    static void sync(List<Path> stateDirs) throws IOException {
        for (String name : NAMES) {
            Path newest = null;
            FileTime newestTime = null;
            for (Path dir : stateDirs) {
                Path f = dir.resolve(name);
                if (Files.isRegularFile(f)) {
                    FileTime t = Files.getLastModifiedTime(f);
                    if (newest == null || t.compareTo(newestTime) > 0) {
                        newest = f;
                        newestTime = t;
                    }
                }
            }
            if (newest == null) {
                continue;
            }
            byte[] content = Files.readAllBytes(newest);
            for (Path dir : stateDirs) {
                Path f = dir.resolve(name);
                if (f.equals(newest) || Files.isRegularFile(f) && Arrays.equals(Files.readAllBytes(f), content)) {
                    continue;
                }
                SecretFile.write(f, content);
                // The copy is as new as its source, not newer: a later change of the source still wins.
                Files.setLastModifiedTime(f, newestTime);
            }
        }
    }
}
