package io.cairn.server.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * The directory of the metadata copy written first (the primary) is still the one the store opened. The primary is
 * not replaced while the server runs (docs/architecture.md): once its drive is gone, metadata writes fail as soon as
 * RocksDB needs a new file, even if an empty drive takes the old one's place, and a restart continues on the other
 * copies. Unready from then on tells an orchestrator to restart. One {@code stat} per probe.
 */
public final class MetadataPrimaryCheck implements ReadinessCheck {
    private final Path primary;
    private final Object identity;

    public MetadataPrimaryCheck(Path primary) throws IOException {
        this.primary = primary;
        this.identity = identity(primary);
    }

    @Override
    public String name() {
        return "metadata-primary";
    }

    @Override
    public Optional<String> problem() {
        try {
            if (Objects.equals(identity, identity(primary))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            // Gone: the drive is away.
        }
        return Optional.of("the drive of the metadata copy written first went away; restart the server to continue "
                + "on the other copies");
    }

    /** Device and inode on Linux: a directory made again in its place is another one. */
    private static Object identity(Path dir) throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    }
}
