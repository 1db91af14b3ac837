package io.cairn.server.metrics;

import io.cairn.meta.BucketUsage;
import io.cairn.meta.MetadataStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Storage gauges: objects and bytes per bucket (the store keeps them up to date at every commit; a scrape only
 * copies them) and a few RocksDB statistics read when scraped.
 */
public final class StorageMetrics {
    /** RocksDB property, metric name, unit (null: a plain number). */
    private record Property(String property, String metric, String unit, String description) {
    }

    private static final List<Property> ROCKSDB = List.of(
            new Property("rocksdb.estimate-num-keys", "cairn.rocksdb.estimated.keys", null,
                    "Estimated number of keys in the metadata store"),
            new Property("rocksdb.total-sst-files-size", "cairn.rocksdb.sst.files.size", "bytes",
                    "Size of all SST files of the metadata store"),
            new Property("rocksdb.estimate-live-data-size", "cairn.rocksdb.live.data.size", "bytes",
                    "Estimated size of the live data in the metadata store"),
            new Property("rocksdb.cur-size-all-mem-tables", "cairn.rocksdb.memtables.size", "bytes",
                    "Size of the metadata store's memtables"),
            new Property("rocksdb.block-cache-usage", "cairn.rocksdb.block.cache.usage", "bytes",
                    "Memory held by the metadata store's block cache"),
            new Property("rocksdb.estimate-pending-compaction-bytes", "cairn.rocksdb.pending.compaction", "bytes",
                    "Estimated bytes compaction still has to rewrite"),
            new Property("rocksdb.num-running-compactions", "cairn.rocksdb.running.compactions", null,
                    "Compactions running now"));

    private StorageMetrics() {
    }

    public static void bind(CairnMetrics metrics, MetadataStore store) {
        MultiGauge objects = MultiGauge.builder("cairn.bucket.objects")
                .description("Object versions (current and noncurrent, delete markers not counted) in each bucket")
                .register(metrics.registry());
        MultiGauge bytes = MultiGauge.builder("cairn.bucket.size")
                .baseUnit("bytes")
                .description("Content bytes of the object versions in each bucket")
                .register(metrics.registry());
        metrics.beforeScrape(() -> {
            Map<String, BucketUsage> usage = store.usage();
            List<MultiGauge.Row<?>> objectRows = new ArrayList<>(usage.size());
            List<MultiGauge.Row<?>> byteRows = new ArrayList<>(usage.size());
            usage.forEach((bucket, u) -> {
                objectRows.add(MultiGauge.Row.of(Tags.of("bucket", bucket), u.objects()));
                byteRows.add(MultiGauge.Row.of(Tags.of("bucket", bucket), u.bytes()));
            });
            // overwrite: rows of deleted buckets go, changed values are replaced.
            objects.register(objectRows, true);
            bytes.register(byteRows, true);
        });
        for (Property p : ROCKSDB) {
            Gauge.builder(p.metric(), store, s -> s.engineProperty(p.property()).orElse(-1))
                    .baseUnit(p.unit())
                    .description(p.description() + " (RocksDB " + p.property() + "; -1 when unavailable)")
                    .register(metrics.registry());
        }
    }
}
