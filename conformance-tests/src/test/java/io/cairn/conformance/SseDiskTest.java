package io.cairn.conformance;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What is on the disk of a server that encrypts: no plaintext and no customer key anywhere (RocksDB included),
 * tampering detected, and master-key rotation that leaves every object readable under the new key alone.
 */
class SseDiskTest {
    private static final int PKG = 64 * 1024;
    private static final SseTest.CKey CKEY = new SseTest.CKey(ConformanceTestBase.randomBytes(32, 99));

    @TempDir
    Path dir;

    private CairnServer start() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY);
        env.put("CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY);
        env.put("CAIRN_ALLOW_INSECURE_SSE_C", "true");
        return CairnServer.start(ServerConfig.defaults(dir).withAddress(new InetSocketAddress("127.0.0.1", 0))
                .withMinPartSize(1), env);
    }

    private static S3Client client(CairnServer server) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1).credentialsProvider(CairnTestServer.credentials()).forcePathStyle(true)
                .build();
    }

    /** Content with a marker in it, repeated so it would straddle package boundaries too. */
    private static byte[] marked(String marker, int size) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = m[i % m.length];
        }
        return out;
    }

    @Test
    void noPlaintextAndNoCustomerKeyOnDisk() throws Exception {
        String marker = "CAIRN-PLAINTEXT-MARKER-7f3a9c";
        try (CairnServer server = start(); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("scan"));
            for (int size : new int[] {100, 100 * 1024, 300 * 1024}) {   // inline (RocksDB) and data files
                byte[] data = marked(marker, size);
                s3.putObject(b -> b.bucket("scan").key("s3-" + size).serverSideEncryption(ServerSideEncryption.AES256),
                        RequestBody.fromBytes(data));
                s3.putObject(b -> b.bucket("scan").key("kms-" + size)
                        .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromBytes(data));
                s3.putObject(b -> b.bucket("scan").key("c-" + size).sseCustomerAlgorithm("AES256")
                        .sseCustomerKey(CKEY.key()).sseCustomerKeyMD5(CKEY.md5()), RequestBody.fromBytes(data));
            }
            multipart(s3, "scan", "mpu-s3", marked(marker, 200 * 1024), null,
                    b -> b.serverSideEncryption(ServerSideEncryption.AES256));
            multipart(s3, "scan", "mpu-kms", marked(marker, 200 * 1024), null,
                    b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS));
            multipart(s3, "scan", "mpu-c", marked(marker, 200 * 1024), CKEY, b -> b.sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(CKEY.key()).sseCustomerKeyMD5(CKEY.md5()));
            s3.putBucketEncryption(b -> b.bucket("scan").serverSideEncryptionConfiguration(c -> c.rules(r -> r
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
            s3.putObject(b -> b.bucket("scan").key("default"), RequestBody.fromBytes(marked(marker, 1000)));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("scan").key("mpu-c").sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(CKEY.key()).sseCustomerKeyMD5(CKEY.md5())).asByteArray())
                    .isEqualTo(marked(marker, 200 * 1024));
        }
        // Closed: RocksDB has flushed; its WAL, SST, MANIFEST and LOG files are all scanned with the data files.
        List<byte[]> secrets = List.of(marker.getBytes(StandardCharsets.US_ASCII), CKEY.raw(),
                CKEY.key().getBytes(StandardCharsets.US_ASCII), CKEY.md5().getBytes(StandardCharsets.US_ASCII));
        int files = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(p);
                files++;
                for (byte[] secret : secrets) {
                    assertThat(indexOf(content, secret)).as("a secret in %s", p).isEqualTo(-1);
                }
            }
        }
        assertThat(files).isGreaterThan(10);
    }

    @Test
    void tamperingIsDetectedAndLogged() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Logger log = Logger.getLogger("io.cairn.server.handlers.GetObjectHandler");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (logged) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        int size = 4 * PKG + 100;
        byte[] data = ConformanceTestBase.randomBytes(size, 5);
        try (CairnServer server = start(); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("tamper"));
            s3.putObject(b -> b.bucket("tamper").key("k").serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromBytes(data));
            Path file = onlyDataFile();
            assertThat(Files.size(file)).isEqualTo(16 + size + 5 * 16);

            // A flipped byte in the first package: found before the head goes out, so an error response.
            flip(file, 16 + 10);
            S3Exception e = (S3Exception) catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("tamper").key("k")));
            assertThat(e.statusCode()).isEqualTo(500);
            // A range elsewhere does not read the damaged package.
            assertThat(s3.getObjectAsBytes(b -> b.bucket("tamper").key("k").range("bytes=" + (2 * PKG) + "-"
                    + (2 * PKG + 99))).asByteArray()).isEqualTo(Arrays.copyOfRange(data, 2 * PKG, 2 * PKG + 100));
            flip(file, 16 + 10);

            // A flipped byte in the last package: found mid-stream, so the connection is cut; never altered data.
            long last = 16 + 4L * (PKG + 16) + 3;
            flip(file, last);
            Throwable cut = catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("tamper").key("k")));
            assertThat(cut).isNotNull();
            flip(file, last);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("tamper").key("k")).asByteArray()).isEqualTo(data);

            // The last package truncated.
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(f.length() - 50);
            }
            assertThat(catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("tamper").key("k")))).isNotNull();
            S3Exception tail = (S3Exception) catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket("tamper").key("k")
                    .range("bytes=-10")));
            assertThat(tail.statusCode()).isEqualTo(500);
        } finally {
            log.removeHandler(capture);
        }
        synchronized (logged) {
            assertThat(logged).anySatisfy(r -> assertThat(r.getMessage()).contains("integrity check failed"));
        }
    }

    @Test
    void rotationReSealsEveryObjectAndTheKeyring() throws Exception {
        Map<String, byte[]> objects = new HashMap<>();
        try (CairnServer server = start(); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("rot"));
            s3.putBucketVersioning(b -> b.bucket("rot").versioningConfiguration(v -> v.status("Enabled")));
            byte[] old = "old version".getBytes(StandardCharsets.UTF_8);
            String oldVersion = s3.putObject(b -> b.bucket("rot").key("inline")
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(old)).versionId();
            objects.put("inline?" + oldVersion, old);
            put(s3, objects, "inline", "new version".getBytes(StandardCharsets.UTF_8), ServerSideEncryption.AES256);
            put(s3, objects, "file", ConformanceTestBase.randomBytes(300 * 1024, 1), ServerSideEncryption.AES256);
            put(s3, objects, "kms", ConformanceTestBase.randomBytes(200 * 1024, 2), ServerSideEncryption.AWS_KMS);
            byte[] mpu = ConformanceTestBase.randomBytes(150 * 1024, 3);
            multipart(s3, "rot", "mpu", mpu, null, b -> b.serverSideEncryption(ServerSideEncryption.AES256));
            objects.put("mpu", mpu);
            // An upload in progress across the rotation: completed afterwards under the new key.
            String pending = s3.createMultipartUpload(b -> b.bucket("rot").key("pending")
                    .serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
            byte[] pendingData = ConformanceTestBase.randomBytes(70 * 1024, 4);
            String etag = s3.uploadPart(b -> b.bucket("rot").key("pending").uploadId(pending).partNumber(1),
                    RequestBody.fromBytes(pendingData)).eTag();

            RawHttp.Response r = RawRequest.of(server.port(), "POST", "/_cairn/admin/sse/rotate-master-key").send();
            assertThat(r.status()).isEqualTo(200);
            String json = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"objectsResealed\":4").contains("\"kmsKeysResealed\":1");

            s3.completeMultipartUpload(b -> b.bucket("rot").key("pending").uploadId(pending).multipartUpload(m -> m
                    .parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
            objects.put("pending", pendingData);
            assertReadable(s3, objects);
        }
        // Keep only the new master key: every object must now be sealed by it alone.
        Path keys = dir.resolve(".cairn/master-keys");
        List<String> lines = Files.readAllLines(keys);
        assertThat(lines).hasSize(2);
        Files.write(keys, List.of(lines.get(1)));
        try (CairnServer server = start(); S3Client s3 = client(server)) {
            assertReadable(s3, objects);
        }
    }

    private static void put(S3Client s3, Map<String, byte[]> objects, String key, byte[] data,
                            ServerSideEncryption sse) {
        s3.putObject(b -> b.bucket("rot").key(key).serverSideEncryption(sse), RequestBody.fromBytes(data));
        objects.put(key, data);
    }

    private static void assertReadable(S3Client s3, Map<String, byte[]> objects) {
        objects.forEach((name, data) -> {
            String[] kv = name.split("\\?");
            byte[] got = s3.getObjectAsBytes(b -> {
                b.bucket("rot").key(kv[0]);
                if (kv.length > 1) {
                    b.versionId(kv[1]);
                }
            }).asByteArray();
            assertThat(got).as(name).isEqualTo(data);
        });
    }

    static void multipart(S3Client s3, String bucket, String key, byte[] data, SseTest.CKey partKey,
                          java.util.function.UnaryOperator<
                                  software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest.Builder> create) {
        String id = s3.createMultipartUpload(b -> create.apply(b.bucket(bucket).key(key))).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int half = data.length / 2;
        byte[][] pieces = {Arrays.copyOf(data, half), Arrays.copyOfRange(data, half, data.length)};
        for (int i = 0; i < 2; i++) {
            int number = i + 1;
            byte[] piece = pieces[i];
            String etag = s3.uploadPart(b -> {
                b.bucket(bucket).key(key).uploadId(id).partNumber(number);
                if (partKey != null) {
                    b.sseCustomerAlgorithm("AES256").sseCustomerKey(partKey.key()).sseCustomerKeyMD5(partKey.md5());
                }
            }, RequestBody.fromBytes(piece)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    private Path onlyDataFile() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve(".cairn/data"))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
