package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL during UploadPart and during CompleteMultipartUpload. After a restart on the same directory each upload
 * is either not completed (still listed, its acknowledged parts intact, and completable or abortable) or completed
 * and readable byte-exact, never half-assembled; no temporary file survives and no part file leaks.
 */
class MultipartCrashTest {
    private static final long MIB = 1L << 20;
    private static final String BUCKET = "mpcrash";

    @TempDir
    Path tmp;

    /** Part {@code n} of upload {@code u}: a pattern stream of its own seed. */
    private static long seed(int upload, int part) {
        return upload * 100_000L + part;
    }

    @Test
    void sigkillDuringUploadPartLeavesUploadsCompletableWithTheirAcknowledgedParts() throws Exception {
        Path data = tmp.resolve("data");
        int uploadCount = 4;
        long partSize = 6 * MIB;
        List<String> ids = new ArrayList<>();
        // upload index -> part number -> ETag, for acknowledged parts
        Map<Integer, Map<Integer, String>> acknowledged = new ConcurrentHashMap<>();
        Set<String> attempted = ConcurrentHashMap.newKeySet();

        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"))) {
            try (S3Client client = noRetries(server)) {
                client.createBucket(b -> b.bucket(BUCKET));
                for (int u = 0; u < uploadCount; u++) {
                    int k = u;
                    ids.add(client.createMultipartUpload(b -> b.bucket(BUCKET).key("up-" + k)).uploadId());
                    acknowledged.put(u, new ConcurrentHashMap<>());
                }
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger();
                AtomicInteger acks = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                for (int t = 0; t < 8; t++) {
                    pool.execute(() -> {
                        while (!stop.get()) {
                            int i = next.getAndIncrement();
                            int u = i % uploadCount;
                            int part = i / uploadCount + 1;
                            attempted.add(u + "/" + part);
                            try {
                                String etag = client.uploadPart(b -> b.bucket(BUCKET).key("up-" + u)
                                                .uploadId(ids.get(u)).partNumber(part),
                                        RequestBody.fromContentProvider(() -> new PatternStream(seed(u, part), partSize),
                                                partSize, "application/octet-stream")).eTag();
                                acknowledged.get(u).put(part, etag);
                                acks.incrementAndGet();
                            } catch (RuntimeException serverGone) {
                                if (!server.isAlive()) {
                                    return;
                                }
                            }
                        }
                    });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acks.get() < 16 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                server.kill();
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        int acked = acknowledged.values().stream().mapToInt(Map::size).sum();
        assertThat(acked).isGreaterThanOrEqualTo(16);

        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"));
             S3Client client = server.client()) {
            assertThat(tmpFiles(data)).as("temporary files after start-up").isZero();
            List<String> listed = client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                    .map(MultipartUpload::uploadId).toList();
            assertThat(listed).as("every upload survives, none completed").containsExactlyInAnyOrderElementsOf(ids);

            long expectedFiles = 0;
            int unacknowledgedButCommitted = 0;
            for (int u = 0; u < uploadCount; u++) {
                int k = u;
                List<Part> parts = new ArrayList<>();
                client.listPartsPaginator(b -> b.bucket(BUCKET).key("up-" + k).uploadId(ids.get(k))).parts()
                        .forEach(parts::add);
                Map<Integer, Part> byNumber = parts.stream().collect(Collectors.toMap(Part::partNumber, p -> p));
                // every acknowledged part is there, intact
                for (Map.Entry<Integer, String> a : acknowledged.get(u).entrySet()) {
                    assertThat(byNumber).as("acknowledged part %d/%d", u, a.getKey()).containsKey(a.getKey());
                    assertThat(byNumber.get(a.getKey()).eTag()).isEqualTo(a.getValue());
                    assertThat(byNumber.get(a.getKey()).size()).isEqualTo(partSize);
                }
                // a part in flight at the kill is either absent or whole
                for (Part p : parts) {
                    assertThat(attempted).contains(u + "/" + p.partNumber());
                    if (!acknowledged.get(u).containsKey(p.partNumber())) {
                        unacknowledgedButCommitted++;
                        assertThat(p.size()).isEqualTo(partSize);
                        assertThat(p.eTag()).isEqualTo("\"" + md5Hex(new PatternStream(seed(u, p.partNumber()),
                                partSize)) + "\"");
                    }
                }
                if (u == uploadCount - 1) {
                    // abortable after the restart
                    client.abortMultipartUpload(b -> b.bucket(BUCKET).key("up-" + k).uploadId(ids.get(k)));
                    continue;
                }
                // completable after the restart, also with a part uploaded now
                int extra = parts.stream().mapToInt(Part::partNumber).max().orElse(0) + 1;
                String extraEtag = client.uploadPart(b -> b.bucket(BUCKET).key("up-" + k).uploadId(ids.get(k))
                                .partNumber(extra),
                        RequestBody.fromContentProvider(() -> new PatternStream(seed(k, extra), 1000), 1000,
                                "application/octet-stream")).eTag();
                List<CompletedPart> done = new ArrayList<>();
                List<InputStream> expected = new ArrayList<>();
                for (Part p : parts) {
                    done.add(CompletedPart.builder().partNumber(p.partNumber()).eTag(p.eTag()).build());
                    expected.add(new PatternStream(seed(u, p.partNumber()), partSize));
                }
                done.add(CompletedPart.builder().partNumber(extra).eTag(extraEtag).build());
                expected.add(new PatternStream(seed(u, extra), 1000));
                client.completeMultipartUpload(b -> b.bucket(BUCKET).key("up-" + k).uploadId(ids.get(k))
                        .multipartUpload(m -> m.parts(done)));
                String want = Digests.sha256(new SequenceInputStream(Collections.enumeration(expected)));
                try (var in = client.getObject(b -> b.bucket(BUCKET).key("up-" + k))) {
                    assertThat(Digests.sha256(in)).as("upload " + u).isEqualTo(want);
                }
                expectedFiles += done.size();
            }
            assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
            assertThat(dataFiles(data)).as("part files: exactly those of the completed objects (none leaked)")
                    .isEqualTo(expectedFiles);
            System.out.printf("UploadPart crash: %d parts acknowledged, %d committed but unacknowledged%n", acked,
                    unacknowledgedButCommitted);
        }
    }

    @Test
    void sigkillDuringConcurrentCompletesLeavesEachUploadWholeOrPending() throws Exception {
        Path data = tmp.resolve("data");
        int uploadCount = 32;
        long part1 = 5 * MIB;
        List<String> ids = new ArrayList<>();
        List<List<CompletedPart>> parts = new ArrayList<>();
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();

        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"))) {
            try (S3Client client = noRetries(server)) {
                client.createBucket(b -> b.bucket(BUCKET));
                ExecutorService prep = Executors.newFixedThreadPool(4);
                try {
                    for (int u = 0; u < uploadCount; u++) {
                        int k = u;
                        if (u % 2 == 0) {
                            // half the keys already hold an object that the completion replaces
                            client.putObject(b -> b.bucket(BUCKET).key("key-" + k), RequestBody.fromContentProvider(
                                    () -> new PatternStream(oldSeed(k), MIB), MIB, "application/octet-stream"));
                        }
                        ids.add(client.createMultipartUpload(b -> b.bucket(BUCKET).key("key-" + k)).uploadId());
                        parts.add(null);
                    }
                    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
                    for (int u = 0; u < uploadCount; u++) {
                        int k = u;
                        futures.add(prep.submit(() -> {
                            String e1 = client.uploadPart(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k))
                                    .partNumber(1), RequestBody.fromContentProvider(
                                    () -> new PatternStream(seed(k, 1), part1), part1, "application/octet-stream"))
                                    .eTag();
                            String e2 = client.uploadPart(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k))
                                    .partNumber(2), RequestBody.fromContentProvider(
                                    () -> new PatternStream(seed(k, 2), lastSize(k)), lastSize(k),
                                    "application/octet-stream")).eTag();
                            synchronized (parts) {
                                parts.set(k, List.of(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                                        CompletedPart.builder().partNumber(2).eTag(e2).build()));
                            }
                            return null;
                        }));
                    }
                    for (var f : futures) {
                        f.get();
                    }
                } finally {
                    prep.shutdownNow();
                }

                CyclicBarrier barrier = new CyclicBarrier(uploadCount);
                CountDownLatch firstAck = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(uploadCount);
                for (int u = 0; u < uploadCount; u++) {
                    int k = u;
                    pool.execute(() -> {
                        try {
                            barrier.await();
                            client.completeMultipartUpload(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k))
                                    .multipartUpload(m -> m.parts(parts.get(k))));
                            acknowledged.add(k);
                            firstAck.countDown();
                        } catch (Exception serverGone) {
                            // killed
                        }
                    });
                }
                firstAck.await(30, TimeUnit.SECONDS);
                server.kill();
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(acknowledged).isNotEmpty();

        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"));
             S3Client client = server.client()) {
            assertThat(tmpFiles(data)).as("temporary files after start-up").isZero();
            Set<String> pending = client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().stream()
                    .map(MultipartUpload::uploadId).collect(Collectors.toSet());
            int completed = 0;
            long expectedFiles = 0;
            for (int u = 0; u < uploadCount; u++) {
                int k = u;
                String newSha = sha(new PatternStream(seed(u, 1), part1), new PatternStream(seed(u, 2), lastSize(u)));
                if (!pending.contains(ids.get(u))) {
                    completed++;
                    try (var in = client.getObject(b -> b.bucket(BUCKET).key("key-" + k))) {
                        assertThat(in.response().eTag()).endsWith("-2\"");
                        assertThat(in.response().contentLength()).isEqualTo(part1 + lastSize(u));
                        assertThat(Digests.sha256(in)).as("completed upload %d, whole", u).isEqualTo(newSha);
                    }
                    ConformanceTestBase.s3Error(() -> client.listParts(b -> b.bucket(BUCKET).key("key-" + k)
                            .uploadId(ids.get(k))), 404, "NoSuchUpload");
                    expectedFiles += 2;
                    continue;
                }
                assertThat(acknowledged).as("an acknowledged completion is not pending").doesNotContain(u);
                // not completed: the key is as it was before
                if (u % 2 == 0) {
                    try (var in = client.getObject(b -> b.bucket(BUCKET).key("key-" + k))) {
                        assertThat(Digests.sha256(in)).as("old object %d untouched", u)
                                .isEqualTo(sha(new PatternStream(oldSeed(u), MIB)));
                    }
                } else {
                    assertThat(catchGet(client, "key-" + k)).as("no half-assembled object %d", u).isTrue();
                }
                assertThat(client.listParts(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k))).parts())
                        .hasSize(2);
                if (u % 3 == 0) {
                    // abortable
                    client.abortMultipartUpload(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k)));
                    expectedFiles += u % 2 == 0 ? 1 : 0;
                } else {
                    // completable
                    client.completeMultipartUpload(b -> b.bucket(BUCKET).key("key-" + k).uploadId(ids.get(k))
                            .multipartUpload(m -> m.parts(parts.get(k))));
                    try (var in = client.getObject(b -> b.bucket(BUCKET).key("key-" + k))) {
                        assertThat(Digests.sha256(in)).isEqualTo(newSha);
                    }
                    expectedFiles += 2;
                }
            }
            assertThat(client.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
            List<S3Object> objects = new ArrayList<>();
            client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(objects::add);
            assertThat(dataFiles(data)).as("data files: those of live objects only (none leaked)")
                    .isEqualTo(expectedFiles);
            System.out.printf("Complete crash: %d acknowledged, %d completed before the kill, %d pending; %d objects%n",
                    acknowledged.size(), completed, uploadCount - completed, objects.size());
        }
    }

    private static long oldSeed(int upload) {
        return 9_000_000L + upload;
    }

    private static long lastSize(int upload) {
        return 1000 + upload * 7L;
    }

    /** True when the key does not exist. */
    private static boolean catchGet(S3Client client, String key) {
        try {
            client.headObject(b -> b.bucket(BUCKET).key(key));
            return false;
        } catch (NoSuchKeyException e) {
            return true;
        }
    }

    private static String sha(InputStream... parts) throws IOException {
        try (InputStream in = new SequenceInputStream(Collections.enumeration(List.of(parts)))) {
            return Digests.sha256(in);
        }
    }

    private static String md5Hex(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long tmpFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data.resolve(".cairn").resolve("tmp"))) {
            return s.count();
        }
    }

    private static long dataFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve(".cairn").resolve("data"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static S3Client noRetries(ServerProcess server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CairnTestServer.credentials())
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }
}
