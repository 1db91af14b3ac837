package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart at scale. Both tests are long (minutes, GiBs of disk) and run only with {@code -Dcairn.bigtests=true}.
 *
 * <ul>
 *   <li>A server with a 256 MiB heap takes a 10 GiB upload of 1,000 parts of 10 MiB, completes it, and serves it
 *       back intact (SHA-256 over the whole stream).</li>
 *   <li>CompleteMultipartUpload of 10,000 parts answers quickly and copies no data. Non-last parts must be at
 *       least 5 MiB in S3 (50 GB for 10,000 parts), so this test runs an in-process server with the minimum part
 *       size lowered to 1 byte ({@code ServerConfig.withMinPartSize}; the command line has no option for it, so
 *       a separate JVM cannot be used) and uploads 10,000 tiny parts.</li>
 * </ul>
 */
@EnabledIfSystemProperty(named = "cairn.bigtests", matches = "true")
class MultipartScaleTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void smallHeapServerTakesATenGibUploadOfAThousandPartsAndServesItBack() throws Exception {
        int parts = 1000;
        long partSize = 10 * MIB;
        long total = parts * partSize;
        long seed = 10_000;
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), List.of("-Xmx256m"));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket("scale"));
            // the expected digest is computed while the upload runs
            CompletableFuture<String> expected = CompletableFuture.supplyAsync(() -> PatternStream.sha256(seed, total));

            long t0 = System.nanoTime();
            String id = client.createMultipartUpload(b -> b.bucket("scale").key("ten-gib")).uploadId();
            String[] etags = new String[parts];
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> uploads = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    int n = i + 1;
                    long from = i * partSize;
                    uploads.add(pool.submit(() -> {
                        etags[n - 1] = client.uploadPart(b -> b.bucket("scale").key("ten-gib").uploadId(id)
                                        .partNumber(n),
                                RequestBody.fromContentProvider(() -> PatternStream.slice(seed, from, from + partSize),
                                        partSize, "application/octet-stream")).eTag();
                    }));
                }
                for (Future<?> f : uploads) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long t1 = System.nanoTime();
            List<CompletedPart> completed = new ArrayList<>();
            MessageDigest md5OfMd5s = MessageDigest.getInstance("MD5");
            for (int i = 0; i < parts; i++) {
                completed.add(CompletedPart.builder().partNumber(i + 1).eTag(etags[i]).build());
                md5OfMd5s.update(HexFormat.of().parseHex(etags[i].replace("\"", "")));
            }
            CompleteMultipartUploadResponse done = client.completeMultipartUpload(b -> b.bucket("scale")
                    .key("ten-gib").uploadId(id).multipartUpload(m -> m.parts(completed)));
            long t2 = System.nanoTime();
            assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5OfMd5s.digest()) + "-1000\"");

            HeadObjectResponse head = client.headObject(b -> b.bucket("scale").key("ten-gib"));
            assertThat(head.contentLength()).isEqualTo(total);
            String actual;
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket("scale").key("ten-gib"))) {
                assertThat(in.response().contentLength()).isEqualTo(total);
                actual = Digests.sha256(in);
            }
            long t3 = System.nanoTime();
            assertThat(actual).isEqualTo(expected.join());

            // one part in the middle, by part number
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket("scale").key("ten-gib")
                    .partNumber(500))) {
                assertThat(in.response().partsCount()).isEqualTo(parts);
                assertThat(Digests.sha256(in)).isEqualTo(Digests.sha256(
                        PatternStream.slice(seed, 499 * partSize, 500 * partSize)));
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            System.out.printf("10 GiB / 1000 parts at -Xmx256m: upload %d s, complete %d ms, download+sha256 %d s%n",
                    (t1 - t0) / 1_000_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000_000);
        }
    }

    @Test
    void completeOfTenThousandPartsAnswersQuicklyWithoutCopyingData() throws Exception {
        int parts = 10_000;
        try (CairnTestServer server = CairnTestServer.start(c -> c.withMinPartSize(1));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket("many"));
            String id = client.createMultipartUpload(b -> b.bucket("many").key("k")).uploadId();
            String[] etags = new String[parts];
            long seed = 77;
            // part n holds bytes [offset(n), offset(n) + size(n)) of one pattern stream; sizes vary 100..1123
            long[] offsets = new long[parts + 1];
            for (int i = 0; i < parts; i++) {
                offsets[i + 1] = offsets[i] + 100 + (i * 37L) % 1024;
            }
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> uploads = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    int n = i + 1;
                    uploads.add(pool.submit(() -> {
                        byte[] body = PatternStream.slice(seed, offsets[n - 1], offsets[n]).readAllBytes();
                        etags[n - 1] = client.uploadPart(b -> b.bucket("many").key("k").uploadId(id).partNumber(n),
                                RequestBody.fromBytes(body)).eTag();
                        return null;
                    }));
                }
                for (Future<?> f : uploads) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long t1 = System.nanoTime();
            Path data = server.dataDir().resolve(".cairn").resolve("data");
            long filesBefore = countFiles(data);
            long bytesBefore = sizeOf(data);
            assertThat(filesBefore).isGreaterThanOrEqualTo(parts);

            List<CompletedPart> completed = new ArrayList<>(parts);
            MessageDigest md5OfMd5s = MessageDigest.getInstance("MD5");
            for (int i = 0; i < parts; i++) {
                completed.add(CompletedPart.builder().partNumber(i + 1).eTag(etags[i]).build());
                md5OfMd5s.update(HexFormat.of().parseHex(etags[i].replace("\"", "")));
            }
            long c0 = System.nanoTime();
            CompleteMultipartUploadResponse done = client.completeMultipartUpload(b -> b.bucket("many").key("k")
                    .uploadId(id).multipartUpload(m -> m.parts(completed)));
            long c1 = System.nanoTime();
            assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(md5OfMd5s.digest()) + "-10000\"");
            assertThat(countFiles(data)).as("Complete creates no data file").isEqualTo(filesBefore);
            assertThat(sizeOf(data)).as("Complete copies no data").isEqualTo(bytesBefore);

            long total = offsets[parts];
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket("many").key("k"))) {
                assertThat(in.response().contentLength()).isEqualTo(total);
                assertThat(Digests.sha256(in)).isEqualTo(PatternStream.sha256(seed, total));
            }
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket("many").key("k")
                    .partNumber(10_000))) {
                assertThat(in.response().partsCount()).isEqualTo(parts);
                assertThat(in.readAllBytes()).isEqualTo(
                        PatternStream.slice(seed, offsets[parts - 1], offsets[parts]).readAllBytes());
            }
            long completeMillis = (c1 - c0) / 1_000_000;
            System.out.printf("10,000 parts: upload %d ms, CompleteMultipartUpload %d ms%n", (t1 - t0) / 1_000_000,
                    completeMillis);
            assertThat(completeMillis).as("Complete of 10,000 parts, ms").isLessThan(10_000);
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
