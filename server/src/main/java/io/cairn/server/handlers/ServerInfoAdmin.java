package io.cairn.server.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.meta.BucketUsage;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.storage.DriveSet;
import io.cairn.server.storage.Storage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET info} (version, uptime, drives, totals) and {@code GET usage[?bucket=B]} (per bucket) of the admin API.
 * Counts come from the metadata store's incremental per-bucket counters, so neither call scans anything.
 */
final class ServerInfoAdmin {
    static final String INFO = "info";
    static final String USAGE = "usage";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server's build, from the jar's manifest; classes run from a build directory have none. */
    private static final String VERSION = java.util.Objects.requireNonNullElse(
            ServerInfoAdmin.class.getPackage().getImplementationVersion(), "development");

    record Drive(String path, String state, long totalBytes, long freeBytes) {
    }

    /** @param startedAt ISO-8601, when the process started */
    record Info(String version, long uptimeSeconds, String startedAt, List<Drive> drives, long buckets,
                long objects, long bytes) {
    }

    record BucketRow(String bucket, long objects, long bytes) {
    }

    record Usage(List<BucketRow> buckets, long objects, long bytes) {
    }

    private final ServerContext ctx;
    private final Storage storage;

    ServerInfoAdmin(ServerContext ctx, Storage storage) {
        this.ctx = ctx;
        this.storage = storage;
    }

    static boolean handles(String path) {
        return path.equals(INFO) || path.equals(USAGE);
    }

    String handle(String method, String path, S3Request req) {
        if (!method.equals("GET")) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        Map<String, BucketUsage> usage = new TreeMap<>(ctx.metadata().usage());
        return json(path.equals(INFO) ? info(usage) : usage(usage, req.param("bucket")));
    }

    private Info info(Map<String, BucketUsage> usage) {
        var runtime = ManagementFactory.getRuntimeMXBean();
        long objects = usage.values().stream().mapToLong(BucketUsage::objects).sum();
        long bytes = usage.values().stream().mapToLong(BucketUsage::bytes).sum();
        return new Info(VERSION, runtime.getUptime() / 1000, Instant.ofEpochMilli(runtime.getStartTime()).toString(),
                drives(), usage.size(), objects, bytes);
    }

    /** One plain drive, or each drive of the erasure set: online as the drive monitor last saw it, and its space. */
    private List<Drive> drives() {
        DriveSet set = storage.drives();
        if (set == null) {
            return List.of(drive(ctx.config().dataDir(), true));
        }
        return set.drives().stream().map(d -> drive(d.root(), d.online())).toList();
    }

    private static Drive drive(Path root, boolean online) {
        try {
            FileStore store = Files.getFileStore(root);
            return new Drive(root.toString(), online ? "online" : "offline", store.getTotalSpace(),
                    store.getUsableSpace());
        } catch (IOException e) {
            return new Drive(root.toString(), "offline", -1, -1);
        }
    }

    private static Usage usage(Map<String, BucketUsage> usage, String bucket) {
        if (bucket != null) {
            BucketUsage u = usage.get(bucket);
            if (u == null) {
                throw new S3Exception(S3Error.NO_SUCH_BUCKET).detail("BucketName", bucket);
            }
            usage = Map.of(bucket, u);
        }
        List<BucketRow> rows = usage.entrySet().stream()
                .map(e -> new BucketRow(e.getKey(), e.getValue().objects(), e.getValue().bytes())).toList();
        return new Usage(rows, rows.stream().mapToLong(BucketRow::objects).sum(),
                rows.stream().mapToLong(BucketRow::bytes).sum());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
