package io.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.storage.ErasureDataStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * A server on six drives, 4 data + 2 parity shards (issue #7): objects of every shape survive two lost drives and
 * two damaged shards byte-exact, heal puts every shard file back, a third lost drive fails reads and writes with
 * 503 SlowDown and never wrong bytes, and the metadata and keys survive losing the drives that held them.
 */
class ErasureCodingTest {
    private static final int MIB = 1 << 20;
    private static final String BUCKET = "erasure";

    @TempDir
    Path root;

    /** Objects by key: seed and size (multipart objects are listed by their total). */
    private final Map<String, long[]> objects = new LinkedHashMap<>();

    private List<Path> drives() {
        List<Path> out = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            out.add(root.resolve("d" + i));
        }
        return out;
    }

    private CairnTestServer start(int inlineThreshold) {
        return CairnTestServer.start(c -> c.withDrives(drives(), 2, 0).withInlineThreshold(inlineThreshold));
    }

    @Test
    void objectsSurviveLostDrivesAndDamagedShardsAndHealRestoresEveryShard() throws Exception {
        // Nothing inline: even 0 and 1 byte objects are erasure-coded.
        try (CairnTestServer server = start(-1); S3Client s3 = server.client()) {
            ErasureDataStore store = server.storage().erasure();
            assertThat(store.parity()).isEqualTo(2);
            writeObjects(s3);
            assertShardFilesComplete(server);
            assertAllReadable(s3);
            assertThat(readiness(server)).startsWith("200");

            // Two drives disappear while the server runs.
            deleteTree(drives().get(3));
            deleteTree(drives().get(5));
            assertAllReadable(s3);
            s3.putObject(b -> b.bucket(BUCKET).key("written-degraded"), RequestBody.fromBytes(bytes(7, 3 * MIB + 5)));
            objects.put("written-degraded", new long[] {7, 3 * MIB + 5});
            assertAllReadable(s3);

            // They come back empty (replaced): the monitor formats them and the healer rewrites their shards.
            Files.createDirectories(drives().get(3));
            Files.createDirectories(drives().get(5));
            waitFor(() -> shardFilesComplete(server), Duration.ofSeconds(60));
            assertShardFilesComplete(server);
            assertThat(heal(server)).contains("\"healed\":0").contains("\"failed\":0");

            // Two shards of every object rot: a byte flipped in each, data shards first.
            io.cairn.server.storage.Healer healer = server.storage().healer();
            long healedBefore = healer.healed();
            long shardsBefore = healer.shardsWritten();
            int damaged = 0;
            for (String id : dataIds(server)) {
                damaged += flipByteInShard(server, id, 0) & flipByteInShard(server, id, 1) ? 1 : 0;
            }
            assertThat(damaged).as("every data but the empty object's").isEqualTo(dataIds(server).size() - 1);
            assertAllReadable(s3);
            // Reads that met damage queued those objects for the healer already; the admin heal does the rest.
            assertThat(heal(server)).contains("\"failed\":0");
            assertThat(healer.healed() - healedBefore).isEqualTo(damaged);
            assertThat(healer.shardsWritten() - shardsBefore).isEqualTo(2L * damaged);
            assertThat(heal(server)).as("a second heal finds nothing to do")
                    .contains("\"healed\":0").contains("\"shardsWritten\":0").contains("\"failed\":0");
            assertShardFilesComplete(server);
            assertAllReadable(s3);

            // A third lost drive is one more than 4+2 survives: reads fail cleanly, never with wrong bytes.
            // (Not the first three: they hold the metadata copies this process has open.)
            for (int d : new int[] {3, 4, 5}) {
                deleteTree(drives().get(d));
            }
            for (Map.Entry<String, long[]> o : objects.entrySet()) {
                if (o.getValue()[1] == 0) {
                    continue;
                }
                assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.getKey())))
                        .as(o.getKey()).isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                        });
                assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.getKey()).range("bytes=0-0")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            }
            // The drive monitor notices: the server is not ready while it cannot take writes.
            waitFor(() -> readiness(server).startsWith("503") && readiness(server).contains("\"drives\""),
                    Duration.ofSeconds(30));
            // One attempt: the SDK retries a 503, and what its last retry met is not the point here.
            S3Client once = server.client(b -> b.overrideConfiguration(o -> o.retryStrategy(
                    software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry())));
            assertThatThrownBy(() -> once.putObject(b -> b.bucket(BUCKET).key("no-quorum"),
                    RequestBody.fromBytes(bytes(9, 200 * 1024))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                    });
            once.close();
        }
    }

    @Test
    void metadataAndKeysSurviveLosingTheDrivesThatHeldThem() throws Exception {
        try (CairnTestServer server = start(128 * 1024); S3Client s3 = server.client()) {
            writeObjects(s3);
            s3.putObject(b -> b.bucket(BUCKET).key("sse").serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromBytes(bytes(11, MIB + 1)));
            objects.put("sse", new long[] {11, MIB + 1});
        }
        // The first two drives hold the newest metadata copy, a mirror and the master key file; lose both.
        deleteTree(drives().get(0));
        deleteTree(drives().get(1));
        try (CairnTestServer server = start(128 * 1024); S3Client s3 = server.client()) {
            io.cairn.meta.RocksMetadataStore meta = (io.cairn.meta.RocksMetadataStore) server.metadata();
            assertThat(meta.copies()).isEqualTo(1);
            assertAllReadable(s3);
            Files.createDirectories(drives().get(0));
            Files.createDirectories(drives().get(1));
            waitFor(() -> shardFilesComplete(server), Duration.ofSeconds(60));
            // The copies come back with their drives, made from the running store.
            waitFor(() -> meta.copies() == 3, Duration.ofSeconds(30));
            s3.putObject(b -> b.bucket(BUCKET).key("after"), RequestBody.fromBytes(bytes(12, 1000)));
            objects.put("after", new long[] {12, 1000});
            // A mirror's drive goes away: its copy is dropped, and made again when the drive is back.
            deleteTree(drives().get(1));
            waitFor(() -> meta.copies() == 2, Duration.ofSeconds(30));
            Files.createDirectories(drives().get(1));
            waitFor(() -> meta.copies() == 3, Duration.ofSeconds(30));
        }
        try (CairnTestServer server = start(128 * 1024); S3Client s3 = server.client()) {
            // Every copy took every batch: none needs rebuilding at start.
            assertThat(((io.cairn.meta.RocksMetadataStore) server.metadata()).copies()).isEqualTo(3);
            assertAllReadable(s3);
            assertThat(heal(server)).contains("\"healed\":0").contains("\"failed\":0");
        }
        for (int d = 0; d < 3; d++) {
            assertThat(drives().get(d).resolve(".cairn/master-keys")).exists();
            assertThat(drives().get(d).resolve(".cairn/meta/CURRENT")).exists();
        }
    }

    /**
     * Hot swap of the drive holding the metadata copy every commit goes to first (the primary), under writes: the
     * store continues on a mirror (the drive monitor finds the drive gone, or RocksDB refuses a write once it needs
     * a new file), every request succeeds, 20 MiB of inline objects later (past new logs and flushes), and when the
     * drive comes back empty its shards are healed and it holds a copy again.
     */
    @Test
    void theMetadataPrimarysDriveCanGoAwayWhileRunning() throws Exception {
        // No retries: a request that failed must show.
        try (CairnTestServer server = start(128 * 1024); S3Client s3 = server.client(c -> c.overrideConfiguration(
                o -> o.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry())))) {
            io.cairn.meta.RocksMetadataStore meta = (io.cairn.meta.RocksMetadataStore) server.metadata();
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key("coded"), RequestBody.fromContentProvider(
                    () -> new PatternStream(20, MIB + 1), MIB + 1, "application/octet-stream"));
            objects.put("coded", new long[] {20, MIB + 1});
            assertThat(meta.primaryDir()).startsWith(drives().get(0));

            deleteTree(drives().get(0));
            for (int i = 0; i < 200; i++) {
                String key = "inline-" + i;
                long seed = 100 + i;
                s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromContentProvider(
                        () -> new PatternStream(seed, 100 * 1024), 100 * 1024, "application/octet-stream"));
                objects.put(key, new long[] {seed, 100 * 1024});
            }
            assertThat(meta.primaryDir()).startsWith(drives().get(1));
            assertThat(meta.copies()).isEqualTo(2);
            assertThat(readiness(server)).startsWith("200");
            assertAllReadable(s3);

            Files.createDirectories(drives().get(0));
            waitFor(() -> shardFilesComplete(server), Duration.ofSeconds(60));
            waitFor(() -> meta.copies() == 3, Duration.ofSeconds(30));
            assertThat(readiness(server)).startsWith("200");
        }
        try (CairnTestServer server = start(128 * 1024); S3Client s3 = server.client()) {
            assertThat(((io.cairn.meta.RocksMetadataStore) server.metadata()).copies()).isEqualTo(3);
            assertAllReadable(s3);
        }
    }

    @Test
    void reducedRedundancyObjectsUseLessParity() throws Exception {
        try (CairnTestServer server = start(-1); S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key("rrs").storageClass("REDUCED_REDUNDANCY"),
                    RequestBody.fromBytes(bytes(5, 2 * MIB)));
            String id = dataIds(server).iterator().next();
            Path shard = shardFiles(server, id).get(0);
            // Header: magic (4), version (1), k (1), m (1): 5 data + 1 parity on six drives.
            byte[] header = Files.readAllBytes(shard);
            assertThat(header[5]).isEqualTo((byte) 5);
            assertThat(header[6]).isEqualTo((byte) 1);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("rrs")).asByteArray())
                    .isEqualTo(bytes(5, 2 * MIB));
            // The class is the object's: HEAD and listings show it; a copy without the header is STANDARD.
            assertThat(s3.headObject(b -> b.bucket(BUCKET).key("rrs")).storageClassAsString())
                    .isEqualTo("REDUCED_REDUNDANCY");
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents().get(0).storageClassAsString())
                    .isEqualTo("REDUCED_REDUNDANCY");
            s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("rrs").destinationBucket(BUCKET)
                    .destinationKey("copy"));
            assertThat(s3.headObject(b -> b.bucket(BUCKET).key("copy")).storageClassAsString()).isNull();
            // Multipart: the upload's class applies to its parts.
            String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("rrs-multipart")
                    .storageClass("REDUCED_REDUNDANCY")).uploadId();
            s3.uploadPart(b -> b.bucket(BUCKET).key("rrs-multipart").uploadId(upload).partNumber(1),
                    RequestBody.fromBytes(bytes(6, MIB)));
            assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().get(0).storageClassAsString())
                    .isEqualTo("REDUCED_REDUNDANCY");
            // rrs and the part: 5 + 1; the copy: 4 + 2 (data ids include parts of uploads in progress).
            Map<String, Integer> layouts = new java.util.TreeMap<>();
            for (String dataId : dataIds(server)) {
                byte[] h = Files.readAllBytes(shardFiles(server, dataId).get(0));
                layouts.merge(h[5] + "+" + h[6], 1, Integer::sum);
            }
            assertThat(layouts).isEqualTo(Map.of("5+1", 2, "4+2", 1));
            // Classes of AWS's other tiers do not exist here.
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("glacier").storageClass("GLACIER"),
                    RequestBody.fromBytes(bytes(1, 10))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidStorageClass");
                    });
        }
    }

    private void writeObjects(S3Client s3) {
        s3.createBucket(b -> b.bucket(BUCKET));
        long[][] shapes = {{1, 0}, {2, 1}, {3, MIB}, {4, MIB + 1}, {5, 100L * MIB}};
        for (long[] shape : shapes) {
            String key = "object-" + shape[1];
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromContentProvider(
                    () -> new PatternStream(shape[0], shape[1]), shape[1], "application/octet-stream"));
            objects.put(key, shape);
        }
        // Multipart: parts of 5 MiB, 5 MiB and 3 MiB + 7 of one pattern, so the whole is that pattern.
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multipart")).uploadId();
        long[] bounds = {0, 5L * MIB, 10L * MIB, 13L * MIB + 7};
        List<CompletedPart> parts = new ArrayList<>();
        for (int p = 1; p < bounds.length; p++) {
            long from = bounds[p - 1];
            long to = bounds[p];
            int number = p;
            String etag = s3.uploadPart(b -> b.bucket(BUCKET).key("multipart").uploadId(upload).partNumber(number),
                    RequestBody.fromContentProvider(() -> PatternStream.slice(6, from, to), to - from,
                            "application/octet-stream")).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multipart").uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
        objects.put("multipart", new long[] {6, bounds[3]});
    }

    /** Every object whole, and ranges that start and end inside blocks and cross block and part boundaries. */
    private void assertAllReadable(S3Client s3) throws IOException {
        for (Map.Entry<String, long[]> o : objects.entrySet()) {
            long seed = o.getValue()[0];
            long size = o.getValue()[1];
            String key = o.getKey();
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(BUCKET).key(key))) {
                assertThat(in.response().contentLength()).isEqualTo(size);
                assertThat(Digests.sha256(in)).as(key).isEqualTo(sha256(key, seed, size));
            }
            if (size > 2) {
                long from = size / 3 + 1;
                long to = Math.min(size - 1, from + Math.max(1, size / 3) + MIB + 17);
                byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key).range("bytes=" + from + "-" + to))
                        .asByteArray();
                assertThat(got).as("%s bytes %d-%d", key, from, to).isEqualTo(slice(key, seed, from, to + 1));
            }
        }
    }

    private static String sha256(String key, long seed, long size) throws IOException {
        if (key.equals("sse") || key.equals("written-degraded") || key.equals("after")) {
            return Digests.sha256(bytes(seed, (int) size));
        }
        return PatternStream.sha256(seed, size);
    }

    private static byte[] slice(String key, long seed, long from, long to) throws IOException {
        if (key.equals("sse") || key.equals("written-degraded") || key.equals("after")) {
            return java.util.Arrays.copyOfRange(bytes(seed, (int) (to)), (int) from, (int) to);
        }
        try (InputStream in = PatternStream.slice(seed, from, to)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    private static Set<String> dataIds(CairnTestServer server) {
        Set<String> ids = new HashSet<>();
        server.metadata().forEachDataId(ids::add);
        return ids;
    }

    /** The shard files of {@code id} on all six drives, in drive order (missing ones included). */
    private List<Path> shardFiles(CairnTestServer server, String id) {
        List<Path> out = new ArrayList<>();
        for (Path d : drives()) {
            out.add(d.resolve(".cairn/data").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id));
        }
        return out;
    }

    private boolean shardFilesComplete(CairnTestServer server) {
        for (String id : dataIds(server)) {
            for (Path p : shardFiles(server, id)) {
                if (!Files.isRegularFile(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void assertShardFilesComplete(CairnTestServer server) {
        Set<String> ids = dataIds(server);
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            assertThat(shardFiles(server, id)).allSatisfy(p -> assertThat(p).isRegularFile());
        }
    }

    /** Flips a byte in the middle of shard {@code shard} (by index, wherever placed); false for an empty object. */
    private boolean flipByteInShard(CairnTestServer server, String id, int shard) throws IOException {
        for (Path p : shardFiles(server, id)) {
            byte[] header = new byte[36];
            try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                f.readFully(header);
                if (header[7] != shard || f.length() <= 36) {
                    continue;
                }
                long at = 36 + (f.length() - 36) / 2;
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5A);
                return true;
            }
        }
        return false;
    }

    private String heal(CairnTestServer server) throws Exception {
        AdminCli heal = AdminCli.root(server, "heal");
        assertThat(heal.status()).as(heal.err()).isZero();
        return heal.out();
    }

    /** Status and body of the readiness endpoint. */
    private static String readiness(CairnTestServer server) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(server.endpoint().resolve("/_cairn/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not reached within " + limit);
            }
            Thread.sleep(100);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
