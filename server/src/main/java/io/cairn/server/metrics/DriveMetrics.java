package io.cairn.server.metrics;

import io.cairn.meta.MetadataStore;
import io.cairn.meta.RocksMetadataStore;
import io.cairn.server.storage.DriveSet;
import io.cairn.server.storage.Healer;
import io.cairn.server.storage.Storage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Drive state and space (one drive, or each drive of an erasure set, labelled by its path), the metadata copies
 * that are being written, and the healer's progress; read when scraped.
 */
public final class DriveMetrics {
    private DriveMetrics() {
    }

    public static void bind(CairnMetrics metrics, Storage storage, MetadataStore metadata) {
        MeterRegistry r = metrics.registry();
        DriveSet set = storage.drives();
        List<Path> roots = set == null ? List.of(storage.stateDir().getParent())
                : set.drives().stream().map(DriveSet.Drive::root).toList();
        for (int i = 0; i < roots.size(); i++) {
            Path root = roots.get(i);
            DriveSet.Drive drive = set == null ? null : set.drive(i);
            Gauge.builder("cairn.drive.online", () -> drive == null || drive.online() ? 1 : 0)
                    .description("1 when the drive is in use, 0 when offline").tag("drive", root.toString())
                    .register(r);
            Gauge.builder("cairn.drive.free", root, space(FileStore::getUsableSpace)).baseUnit("bytes")
                    .description("Space left for Cairn on the drive").tag("drive", root.toString()).register(r);
            Gauge.builder("cairn.drive.total", root, space(FileStore::getTotalSpace)).baseUnit("bytes")
                    .description("Size of the drive").tag("drive", root.toString()).register(r);
        }
        if (metadata instanceof RocksMetadataStore rocks) {
            Gauge.builder("cairn.metadata.copies", rocks, RocksMetadataStore::copies)
                    .description("Copies of the metadata being written (one per metadata drive online)").register(r);
        }
        Healer healer = storage.healer();
        if (healer != null) {
            FunctionCounter.builder("cairn.heal.checked", healer, Healer::checked)
                    .description("Objects whose shards the healer read and verified").register(r);
            FunctionCounter.builder("cairn.heal.healed", healer, Healer::healed)
                    .description("Objects the healer rewrote shards of").register(r);
            FunctionCounter.builder("cairn.heal.shards.written", healer, Healer::shardsWritten)
                    .description("Shard files the healer rewrote").register(r);
            FunctionCounter.builder("cairn.heal.failures", healer, Healer::failed)
                    .description("Objects the healer could not heal (too few intact shards, I/O errors)").register(r);
            Gauge.builder("cairn.heal.pending", healer, Healer::pending)
                    .description("Objects reported damaged and waiting for the healer").register(r);
        }
    }

    private static ToDoubleFunction<Path> space(SpaceOf of) {
        return root -> {
            try {
                return of.bytes(Files.getFileStore(root));
            } catch (IOException e) {
                return Double.NaN;
            }
        };
    }

    @FunctionalInterface
    private interface SpaceOf {
        long bytes(FileStore store) throws IOException;
    }
}
