package io.cairn.meta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;

/**
 * Opens the copies of a replicated metadata store (one per drive that holds one) and brings them in line before
 * use. Every copy took the same batches in the same order ({@link RocksHandles#write}), so a copy is either current
 * or missing the last batches it was sent before a crash or before it failed: the copy with the highest sequence
 * number holds every acknowledged commit, unless the store moved its primary while running, which raises the epoch
 * in every copy it kept ({@link RocksCopy#EPOCH}); so the newest copy is the one of the highest epoch, then of the
 * highest sequence number. It becomes the primary; every other copy (behind, left behind, missing, unreadable, or a
 * new empty drive) is replaced by a checkpoint of it.
 */
final class MetadataReplicas {
    private static final System.Logger LOG = System.getLogger(MetadataReplicas.class.getName());

    private MetadataReplicas() {
    }

    /** Opens the primary with every other copy attached as a mirror. */
    static RocksHandles open(List<Path> dirs) throws IOException, RocksDBException {
        List<RocksCopy> opened = new ArrayList<>();
        boolean anyExisted = false;
        for (Path dir : dirs) {
            RocksCopy h = null;
            if (Files.exists(dir.resolve("CURRENT"))) {
                anyExisted = true;
                try {
                    h = RocksCopy.open(dir);
                } catch (IOException | RocksDBException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "metadata copy in {0} cannot be opened ({1}); rebuilding it "
                            + "from another copy", dir, e.toString());
                }
            }
            opened.add(h);
        }
        try {
            if (opened.stream().allMatch(h -> h == null)) {
                if (anyExisted) {
                    throw new IOException("no copy of the metadata in " + dirs + " can be opened");
                }
                // A new store: every copy starts empty, with the same column families.
                for (int i = 0; i < dirs.size(); i++) {
                    opened.set(i, RocksCopy.open(dirs.get(i)));
                }
            }
            int best = -1;
            for (int i = 0; i < opened.size(); i++) {
                if (opened.get(i) != null && (best < 0 || opened.get(i).newerThan(opened.get(best)))) {
                    best = i;
                }
            }
            RocksCopy primary = opened.get(best);
            RocksHandles store = new RocksHandles(primary);
            store.replicated();
            for (int i = 0; i < dirs.size(); i++) {
                if (i == best) {
                    continue;
                }
                RocksCopy copy = opened.get(i);
                if (copy == null || !copy.sameStateAs(primary)) {
                    if (copy != null) {
                        copy.close();
                        opened.set(i, null);
                    }
                    copy = rebuild(primary, dirs.get(i));
                    opened.set(i, copy);
                }
                if (copy != null) {
                    store.addMirror(copy);
                }
            }
            if (store.copies() < dirs.size()) {
                LOG.log(System.Logger.Level.WARNING, "metadata has {0} of {1} copies", store.copies(), dirs.size());
            }
            return store;
        } catch (IOException | RocksDBException | RuntimeException e) {
            for (RocksCopy h : opened) {
                if (h != null) {
                    try {
                        h.close();
                    } catch (RuntimeException closing) {
                        e.addSuppressed(closing);
                    }
                }
            }
            throw e;
        }
    }

    /** Replaces the copy in {@code dir} by a checkpoint of {@code primary}; null (and a log line) when it fails. */
    static RocksCopy rebuild(RocksCopy primary, Path dir) {
        try {
            RocksCopy copy = checkpoint(primary, dir);
            LOG.log(System.Logger.Level.INFO, "metadata copy in {0} rebuilt", dir);
            return copy;
        } catch (IOException | RocksDBException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot rebuild the metadata copy in {0}: {1}", dir, e.toString());
            return null;
        }
    }

    /** A checkpoint of {@code primary} in {@code dir} (replacing what was there), opened and checked. */
    private static RocksCopy checkpoint(RocksCopy primary, Path dir) throws IOException, RocksDBException {
        deleteTree(dir);
        Files.createDirectories(dir.getParent());
        try (Checkpoint checkpoint = Checkpoint.create(primary.db)) {
            checkpoint.createCheckpoint(dir.toString());
        }
        RocksCopy copy = RocksCopy.open(dir);
        try {
            if (!copy.sameStateAs(primary)) {
                throw new IOException("the checkpoint does not match its source");
            }
            return copy;
        } catch (IOException | RocksDBException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
