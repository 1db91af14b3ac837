package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-side encryption through the AWS SDK: SSE-S3, SSE-C, SSE-KMS, bucket default encryption. */
class SseTest extends ConformanceTestBase {
    private static final int PKG = 64 * 1024;
    private static final int MIB = 1024 * 1024;

    /** An SSE-C key as the SDK takes it: base64 key and base64 MD5. */
    record CKey(byte[] raw) {
        String key() {
            return Base64.getEncoder().encodeToString(raw);
        }

        String md5() {
            return md5Base64(raw);
        }
    }

    static final CKey KEY1 = new CKey(randomBytes(32, 1));
    static final CKey KEY2 = new CKey(randomBytes(32, 2));

    @BeforeAll
    static void kmsKey() {
        RawHttp.Response r = RawRequest.of(server.port(), "POST", "/_cairn/admin/kms/keys")
                .query("name", "app-key").send();
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void sseS3PutGetHeadInlineAndFile() {
        String bucket = createBucket("sse-s3");
        for (int size : new int[] {0, 1000, 300 * 1024}) {
            byte[] data = randomBytes(size, size);
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k" + size)
                    .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(data));
            assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k" + size));
            assertThat(got.asByteArray()).isEqualTo(data);
            assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(got.response().contentLength()).isEqualTo(size);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("k" + size));
            assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        }
    }

    @Test
    void rangesInsideAndAcrossPackages() {
        String bucket = createBucket("sse-range");
        int size = 4 * PKG + 777;
        byte[] data = randomBytes(size, 42);
        s3.putObject(b -> b.bucket(bucket).key("r").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(data));
        long[][] ranges = {{0, 0}, {10, 20}, {PKG - 1, PKG}, {PKG - 5, PKG + 10}, {PKG, 2 * PKG - 1},
                {PKG + 3, 3 * PKG + 1}, {size - 1, size - 1}, {4 * PKG, size - 1}, {0, size - 1}, {100, 3 * PKG}};
        for (long[] r : ranges) {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r")
                    .range("bytes=" + r[0] + "-" + r[1]));
            assertThat(got.asByteArray()).as("range %d-%d", r[0], r[1])
                    .isEqualTo(Arrays.copyOfRange(data, (int) r[0], (int) r[1] + 1));
            assertThat(got.response().contentRange()).isEqualTo("bytes " + r[0] + "-" + r[1] + "/" + size);
        }
        // Suffix range.
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-100")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(data, size - 100, size));
    }

    @Test
    void sseCRoundTripAndErrors() {
        String bucket = createBucket("sse-c");
        for (int size : new int[] {5000, 200 * 1024}) {
            byte[] data = randomBytes(size, 7);
            String key = "c" + size;
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()), RequestBody.fromBytes(data));
            assertThat(put.sseCustomerAlgorithm()).isEqualTo("AES256");
            assertThat(put.sseCustomerKeyMD5()).isEqualTo(KEY1.md5());
            assertThat(put.eTag()).isNotEqualTo("\"" + md5Hex(data) + "\"");
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()));
            assertThat(got.asByteArray()).isEqualTo(data);
            assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(KEY1.md5());
            assertThat(got.response().eTag()).isEqualTo(put.eTag());
            byte[] part = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=100-4999")
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()))
                    .asByteArray();
            assertThat(part).isEqualTo(Arrays.copyOfRange(data, 100, 5000));

            S3Exception missing = s3Error(() -> s3.getObject(b -> b.bucket(bucket).key(key)), 400, "InvalidRequest");
            assertThat(missing.awsErrorDetails().errorMessage()).isEqualTo("The object was stored using a form of "
                    + "Server Side Encryption. The correct parameters must be provided to retrieve the object.");
            s3Error(() -> s3.headObject(b -> b.bucket(bucket).key(key)), 400, null);
            s3Error(() -> s3.getObject(b -> b.bucket(bucket).key(key).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(KEY2.key()).sseCustomerKeyMD5(KEY2.md5())), 403, "AccessDenied");
            s3Error(() -> s3.headObject(b -> b.bucket(bucket).key(key).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(KEY2.key()).sseCustomerKeyMD5(KEY2.md5())), 403, null);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()));
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.sseCustomerAlgorithm()).isEqualTo("AES256");
        }
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("bad-md5").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY2.md5()), RequestBody.fromString("x")),
                400, "InvalidArgument");
        byte[] shortKey = randomBytes(16, 3);
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("short").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(Base64.getEncoder().encodeToString(shortKey)).sseCustomerKeyMD5(md5Base64(shortKey)),
                RequestBody.fromString("x")), 400, "InvalidArgument");
        // An unencrypted object read with a customer key.
        put(bucket, "plain", "plain");
        s3Error(() -> s3.getObject(b -> b.bucket(bucket).key("plain").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5())), 400, "InvalidRequest");
    }

    @Test
    void sseCIsRefusedOverPlainHttpWithoutTheInsecureOption() {
        try (CairnTestServer strict = CairnTestServer.start(c -> c, Map.of());
             var client = strict.client()) {
            client.createBucket(b -> b.bucket("strict"));
            S3Exception e = s3Error(() -> client.putObject(b -> b.bucket("strict").key("k")
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()),
                    RequestBody.fromString("x")), 400, "InvalidRequest");
            assertThat(e.awsErrorDetails().errorMessage()).contains("secure connection");
            // SSE-S3 needs no key from the client and works over http.
            client.putObject(b -> b.bucket("strict").key("s3").serverSideEncryption(ServerSideEncryption.AES256),
                    RequestBody.fromString("x"));
        }
    }

    @Test
    void sseKmsWithKeyIdContextAndDefaultKey() {
        String bucket = createBucket("sse-kms");
        byte[] data = randomBytes(150 * 1024, 9);
        String context = Base64.getEncoder().encodeToString("{\"app\":\"photos\"}".getBytes(StandardCharsets.UTF_8));
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("app-key")
                .ssekmsEncryptionContext(context), RequestBody.fromBytes(data));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/app-key");
        assertThat(put.eTag()).isNotEqualTo("\"" + md5Hex(data) + "\"");
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
        assertThat(got.asByteArray()).isEqualTo(data);
        assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(got.response().ssekmsKeyId()).isEqualTo(put.ssekmsKeyId());
        // The key may also be named by its ARN.
        s3.putObject(b -> b.bucket(bucket).key("arn").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(put.ssekmsKeyId()), RequestBody.fromString("arn"));
        assertThat(getBytes(bucket, "arn")).isEqualTo("arn".getBytes(StandardCharsets.UTF_8));
        PutObjectResponse dflt = s3.putObject(b -> b.bucket(bucket).key("d")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromString("default key"));
        assertThat(dflt.ssekmsKeyId()).endsWith(":key/default");
        assertThat(getBytes(bucket, "d")).isEqualTo("default key".getBytes(StandardCharsets.UTF_8));
        S3Exception e = s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("x")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("no-such-key"),
                RequestBody.fromString("x")), 400, "KMS.NotFoundException");
        assertThat(e.awsErrorDetails().errorMessage()).contains("no-such-key");
    }

    @Test
    void bucketDefaultEncryption() {
        String bucket = createBucket("sse-default");
        s3Error(() -> s3.getBucketEncryption(b -> b.bucket(bucket)), 404,
                "ServerSideEncryptionConfigurationNotFoundError");
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("default"));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("k")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
        // Headers win over the default.
        PutObjectResponse kms = s3.putObject(b -> b.bucket(bucket).key("kms")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("app-key"), RequestBody.fromString("x"));
        assertThat(kms.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);

        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID("app-key")))));
        assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().kmsMasterKeyID()).endsWith(":key/app-key");
        PutObjectResponse viaKms = s3.putObject(b -> b.bucket(bucket).key("k2"), RequestBody.fromString("kms default"));
        assertThat(viaKms.ssekmsKeyId()).endsWith(":key/app-key");
        assertThat(getBytes(bucket, "k2")).isEqualTo("kms default".getBytes(StandardCharsets.UTF_8));
        s3Error(() -> s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                        .kmsMasterKeyID("missing"))))), 400, "KMS.NotFoundException");
        RawHttp.Response bad = RawRequest.of(server.port(), "PUT", "/" + bucket).query("encryption", "")
                .body("<ServerSideEncryptionConfiguration><Rule/></ServerSideEncryptionConfiguration>"
                        .getBytes(StandardCharsets.UTF_8)).send();
        assertError(bad, 400, "MalformedXML");

        s3.deleteBucketEncryption(b -> b.bucket(bucket));
        s3Error(() -> s3.getBucketEncryption(b -> b.bucket(bucket)), 404,
                "ServerSideEncryptionConfigurationNotFoundError");
        assertThat(s3.putObject(b -> b.bucket(bucket).key("clear"), RequestBody.fromString("x"))
                .serverSideEncryption()).isNull();
        // Objects written under the default keep their encryption.
        assertThat(getBytes(bucket, "k")).isEqualTo("default".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void copyBetweenModes() {
        String bucket = createBucket("sse-copy");
        byte[] data = randomBytes(200 * 1024, 11);
        s3.putObject(b -> b.bucket(bucket).key("c").sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key())
                .sseCustomerKeyMD5(KEY1.md5()), RequestBody.fromBytes(data));
        // SSE-C → SSE-S3
        var toS3 = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
                .destinationKey("s3").serverSideEncryption(ServerSideEncryption.AES256)
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(KEY1.key())
                .copySourceSSECustomerKeyMD5(KEY1.md5()));
        assertThat(toS3.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(toS3.copyObjectResult().eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        assertThat(getBytes(bucket, "s3")).isEqualTo(data);
        // SSE-C key1 → SSE-C key2
        var toC2 = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
                .destinationKey("c2").sseCustomerAlgorithm("AES256").sseCustomerKey(KEY2.key())
                .sseCustomerKeyMD5(KEY2.md5()).copySourceSSECustomerAlgorithm("AES256")
                .copySourceSSECustomerKey(KEY1.key()).copySourceSSECustomerKeyMD5(KEY1.md5()));
        assertThat(toC2.sseCustomerKeyMD5()).isEqualTo(KEY2.md5());
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("c2").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY2.key()).sseCustomerKeyMD5(KEY2.md5())).asByteArray()).isEqualTo(data);
        // SSE-S3 → clear, and clear → SSE-KMS
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("s3").destinationBucket(bucket).destinationKey("clear"));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("clear")).serverSideEncryption()).isNull();
        assertThat(getBytes(bucket, "clear")).isEqualTo(data);
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("clear").destinationBucket(bucket).destinationKey("kms")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("app-key"));
        assertThat(getBytes(bucket, "kms")).isEqualTo(data);
        // The source key is required, and must be right.
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
                .destinationKey("x")), 400, "InvalidRequest");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
                .destinationKey("x").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(KEY2.key())
                .copySourceSSECustomerKeyMD5(KEY2.md5())), 403, "AccessDenied");
        // In place: re-encrypt an object under a new mode.
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("s3").destinationBucket(bucket).destinationKey("s3")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("s3")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(getBytes(bucket, "s3")).isEqualTo(data);
    }

    @Test
    void multipartInEveryMode() {
        String bucket = createBucket("sse-mpu");
        byte[] p1 = randomBytes(5 * MIB + 100, 21);
        byte[] p2 = randomBytes(PKG + 5, 22);
        byte[] whole = concat(p1, p2);
        // SSE-S3
        multipart(bucket, "s3", p1, p2, null, c -> c.serverSideEncryption(ServerSideEncryption.AES256));
        assertThat(getBytes(bucket, "s3")).isEqualTo(whole);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("s3")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
        // SSE-KMS
        multipart(bucket, "kms", p1, p2, null, c -> c.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("app-key"));
        assertThat(getBytes(bucket, "kms")).isEqualTo(whole);
        // SSE-C: every part carries the key; completion does not.
        multipart(bucket, "c", p1, p2, KEY1, c -> c.sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key())
                .sseCustomerKeyMD5(KEY1.md5()));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("c")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()));
        assertThat(got.asByteArray()).isEqualTo(whole);
        // A range across the part boundary, starting and ending inside packages.
        long from = p1.length - 1000;
        long to = p1.length + 60_000;
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("c").range("bytes=" + from + "-" + to)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()))
                .asByteArray()).isEqualTo(Arrays.copyOfRange(whole, (int) from, (int) to + 1));
        // partNumber reads of an encrypted multipart object.
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("s3").partNumber(2)).asByteArray()).isEqualTo(p2);

        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("c3").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5())).uploadId();
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("c3").uploadId(id).partNumber(1),
                RequestBody.fromBytes(p2)), 400, "InvalidRequest");
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("c3").uploadId(id).partNumber(1)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(KEY2.key()).sseCustomerKeyMD5(KEY2.md5()),
                RequestBody.fromBytes(p2)), 400, "InvalidRequest");
        // UploadPartCopy: decrypt an SSE-C source into the upload's key.
        var copied = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("c").destinationBucket(bucket)
                .destinationKey("c3").uploadId(id).partNumber(1).copySourceRange("bytes=10-70009")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(KEY1.key())
                .copySourceSSECustomerKeyMD5(KEY1.md5()).sseCustomerAlgorithm("AES256").sseCustomerKey(KEY1.key())
                .sseCustomerKeyMD5(KEY1.md5()));
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("c3").uploadId(id).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(copied.copyPartResult().eTag()).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("c3").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5())).asByteArray())
                .isEqualTo(Arrays.copyOfRange(whole, 10, 70010));
    }

    @Test
    void versionedBucketsKeepEachVersionsEncryption() {
        String bucket = createBucket("sse-versions");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5()), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket(bucket).key("k").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("two")).versionId();
        String v3 = s3.putObject(b -> b.bucket(bucket).key("k").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromString("three")).versionId();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(KEY1.key()).sseCustomerKeyMD5(KEY1.md5())).asUtf8String()).isEqualTo("one");
        s3Error(() -> s3.getObject(b -> b.bucket(bucket).key("k").versionId(v1)), 400, "InvalidRequest");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v2)).asUtf8String()).isEqualTo("two");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v3)).asUtf8String())
                .isEqualTo("three");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("three");
    }

    @Test
    void adminEndpointsNeedTheRootSignature() {
        RawHttp.Response anonymous = RawRequest.of(server.port(), "GET", "/_cairn/admin/kms/keys").unsigned().send();
        assertThat(anonymous.status()).isEqualTo(403);
        RawHttp.Response wrong = RawRequest.of(server.port(), "GET", "/_cairn/admin/kms/keys")
                .credentials(CairnTestServer.ACCESS_KEY, "wrong-secret-wrong-secret-wrong-secret00").send();
        assertThat(wrong.status()).isEqualTo(403);
        RawHttp.Response list = RawRequest.of(server.port(), "GET", "/_cairn/admin/kms/keys").send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(new String(list.body(), StandardCharsets.UTF_8)).contains("\"name\":\"app-key\"");
        assertThat(RawRequest.of(server.port(), "GET", "/_cairn/health/live").unsigned().send().status())
                .isEqualTo(200);
    }

    private static void multipart(String bucket, String key, byte[] p1, byte[] p2, CKey partKey,
                                  java.util.function.UnaryOperator<
                                          software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest.Builder>
                                          create) {
        String id = s3.createMultipartUpload(b -> create.apply(b.bucket(bucket).key(key))).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int n = 1;
        for (byte[] p : List.of(p1, p2)) {
            int number = n++;
            var r = s3.uploadPart(b -> {
                b.bucket(bucket).key(key).uploadId(id).partNumber(number);
                if (partKey != null) {
                    b.sseCustomerAlgorithm("AES256").sseCustomerKey(partKey.key()).sseCustomerKeyMD5(partKey.md5());
                }
            }, RequestBody.fromBytes(p));
            parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).build());
        }
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
        assertThat(done.eTag()).endsWith("-2\"");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
