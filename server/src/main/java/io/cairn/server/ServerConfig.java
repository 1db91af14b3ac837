package io.cairn.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one server.
 *
 * @param address             where to listen
 * @param dataDir             the data directory (one drive)
 * @param region              the region this server is; signatures must be scoped to it
 * @param domains             base domains for virtual-hosted-style addressing ({@code bucket.domain})
 * @param inlineThreshold     objects up to this many bytes are kept inside their metadata record
 * @param maxObjectSize       the largest single PUT (S3: 5 GiB)
 * @param bodyTimeoutMillis   how long a request body may stall before RequestTimeout
 * @param workerThreads       threads that run handlers (blocking disk and RocksDB work)
 * @param minPartSize         the smallest non-last multipart part (S3: 5 MiB); lowered only by tests and benchmarks
 * @param lifecycleDay        how long a "day" of lifecycle rules and restores lasts (normally 24 h; tests shorten
 *                            it, CAIRN_LIFECYCLE_DAY_SECONDS); with a day of 24 h, due dates round up to midnight UTC
 *                            as in S3
 * @param scannerRate         versions, delete markers and uploads the lifecycle scanner examines per second at most
 *                            (CAIRN_SCANNER_RATE)
 * @param scannerInterval     time between lifecycle scanner passes (CAIRN_SCANNER_INTERVAL_SECONDS)
 * @param drives              the drives, {@code dataDir} first: one drive keeps plain files; 4 to 16 form an
 *                            erasure set
 * @param parity              parity shards per object in an erasure set (0: the default for the drive count)
 * @param reducedParity       parity shards of REDUCED_REDUNDANCY objects (0: half of {@code parity}, at least 1)
 */
public record ServerConfig(InetSocketAddress address, Path dataDir, String region, List<String> domains,
                           int inlineThreshold, long maxObjectSize, long bodyTimeoutMillis, int workerThreads,
                           long minPartSize, java.time.Duration lifecycleDay, int scannerRate,
                           java.time.Duration scannerInterval, List<Path> drives, int parity,
                           int reducedParity) {

    public static final long FIVE_GIB = 5L * 1024 * 1024 * 1024;

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(new InetSocketAddress("0.0.0.0", 9000), dataDir, "us-east-1", List.of(),
                128 * 1024, FIVE_GIB, 120_000, 256, 5L * 1024 * 1024,
                java.time.Duration.ofDays(1), 5000, java.time.Duration.ofHours(1), List.of(dataDir), 0, 0);
    }

    /**
     * An erasure set over {@code all} (the first becomes {@code dataDir}); {@code parity} and {@code reduced} 0 for
     * the defaults.
     */
    public ServerConfig withDrives(List<Path> all, int parity, int reduced) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("at least one drive is needed");
        }
        return new ServerConfig(address, all.get(0), region, domains, inlineThreshold, maxObjectSize,
                bodyTimeoutMillis, workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval,
                List.copyOf(all), parity, reduced);
    }

    public ServerConfig withAddress(InetSocketAddress a) {
        return new ServerConfig(a, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withDomains(List<String> d) {
        return new ServerConfig(address, dataDir, region, d, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withRegion(String r) {
        return new ServerConfig(address, dataDir, r, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withBodyTimeoutMillis(long t) {
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, t, workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withMinPartSize(long size) {
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, size, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withWorkerThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("at least one worker thread is needed");
        }
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                n, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withInlineThreshold(int t) {
        return new ServerConfig(address, dataDir, region, domains, t, maxObjectSize, bodyTimeoutMillis, workerThreads, minPartSize, lifecycleDay, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withLifecycleDay(java.time.Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a lifecycle day must be positive");
        }
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize, d, scannerRate, scannerInterval, drives, parity, reducedParity);
    }

    public ServerConfig withScanner(int rate, java.time.Duration interval) {
        if (rate <= 0 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the scanner rate and interval must be positive");
        }
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize, lifecycleDay, rate, interval, drives, parity, reducedParity);
    }
}
