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
 */
public record ServerConfig(InetSocketAddress address, Path dataDir, String region, List<String> domains,
                           int inlineThreshold, long maxObjectSize, long bodyTimeoutMillis, int workerThreads,
                           long minPartSize) {

    public static final long FIVE_GIB = 5L * 1024 * 1024 * 1024;

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(new InetSocketAddress("0.0.0.0", 9000), dataDir, "us-east-1", List.of(),
                128 * 1024, FIVE_GIB, 120_000, 256, 5L * 1024 * 1024);
    }

    public ServerConfig withAddress(InetSocketAddress a) {
        return new ServerConfig(a, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize);
    }

    public ServerConfig withDomains(List<String> d) {
        return new ServerConfig(address, dataDir, region, d, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize);
    }

    public ServerConfig withRegion(String r) {
        return new ServerConfig(address, dataDir, r, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, minPartSize);
    }

    public ServerConfig withBodyTimeoutMillis(long t) {
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, t, workerThreads, minPartSize);
    }

    public ServerConfig withMinPartSize(long size) {
        return new ServerConfig(address, dataDir, region, domains, inlineThreshold, maxObjectSize, bodyTimeoutMillis,
                workerThreads, size);
    }

    public ServerConfig withInlineThreshold(int t) {
        return new ServerConfig(address, dataDir, region, domains, t, maxObjectSize, bodyTimeoutMillis, workerThreads, minPartSize);
    }
}
