package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON access and audit logs: after a mix of requests (plain, SSE-C with a customer key, a copy from an SSE-C
 * source, a presigned GET, a 404, a 403 SignatureDoesNotMatch, multipart, DeleteObjects, versioning), every request
 * and admin call (tier defined, listed, removed) has exactly one parseable line with every field and the request id
 * its response carried; no line holds a secret key, a signature, a presigned URL's signature, an SSE-C key or a
 * tier's credentials; the audit log has exactly the administrative and destructive operations, with their targets.
 */
class AccessLogTest {
    private static final Set<String> FIELDS = Set.of("time", "request_id", "operation", "bucket", "key", "status",
            "error_code", "bytes_in", "bytes_out", "duration_ms", "remote_addr", "access_key");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PRESIGNED_SIGNATURE = Pattern.compile("X-Amz-Signature=([0-9a-f]{64})");

    @Test
    void everyRequestHasOneCompleteLineAndNoSecret(@TempDir Path dir) throws Exception {
        Path accessFile = dir.resolve("access.log");
        Path auditFile = dir.resolve("audit.log");
        byte[] customerKey = new byte[32];
        new java.util.Random(7).nextBytes(customerKey);
        String sseKey = Base64.getEncoder().encodeToString(customerKey);
        String sseKeyMd5 = ConformanceTestBase.md5Base64(customerKey);
        WireRecorder wire = new WireRecorder();
        List<WireRecorder.Call> calls = new ArrayList<>();
        String presignedSignature;
        String bucket = "access-log";
        String wrongSecret = "not-the-secret-0000000000000000000000000";
        String tierSecret = "tier-secret-that-must-not-leak-000001";
        Map<String, Integer> adminCalls = new HashMap<>();

        try (CairnTestServer server = CairnTestServer.start(c -> c, Map.of(
                "CAIRN_ACCESS_LOG", accessFile.toString(),
                "CAIRN_AUDIT_LOG", auditFile.toString(),
                "CAIRN_ALLOW_INSECURE_SSE_C", "true"));
             S3Client s3 = server.client(b -> b.overrideConfiguration(o -> o
                     .retryStrategy(DefaultRetryStrategy.doNotRetry()).addExecutionInterceptor(wire)));
             S3Presigner presigner = server.presigner()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("plain/ключ \"q\"\t\\"), RequestBody.fromString("hello"));
            s3.getObjectAsBytes(b -> b.bucket(bucket).key("plain/ключ \"q\"\t\\"));
            s3.putObject(b -> b.bucket(bucket).key("secret").sseCustomerAlgorithm("AES256").sseCustomerKey(sseKey)
                    .sseCustomerKeyMD5(sseKeyMd5), RequestBody.fromString("sse-c content"));
            s3.getObjectAsBytes(b -> b.bucket(bucket).key("secret").sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(sseKey).sseCustomerKeyMD5(sseKeyMd5));
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("secret").destinationBucket(bucket)
                    .destinationKey("copy").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(sseKey)
                    .copySourceSSECustomerKeyMD5(sseKeyMd5));
            s3.headObject(b -> b.bucket(bucket).key("copy"));
            ConformanceTestBase.s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("missing")), 404,
                    "NoSuchKey");
            try (S3Client wrong = server.client(b -> b
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(CairnTestServer.ACCESS_KEY, wrongSecret)))
                    .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                            .addExecutionInterceptor(wire)))) {
                ConformanceTestBase.s3Error(() -> wrong.getObjectAsBytes(b -> b.bucket(bucket).key("copy")), 403,
                        "SignatureDoesNotMatch");
            }
            s3.listObjectsV2(b -> b.bucket(bucket));
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
            String etag = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                    RequestBody.fromString("part one")).eTag();
            s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId).multipartUpload(m -> m
                    .parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                    .status(BucketVersioningStatus.ENABLED)));
            s3.deleteObject(b -> b.bucket(bucket).key("copy"));
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                    ObjectIdentifier.builder().key("mp").build(), ObjectIdentifier.builder().key("secret").build())));
            calls.addAll(wire.calls());

            PresignedGetObjectRequest presigned = presigner.presignGetObject(r -> r
                    .signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(bucket).key("plain/ключ \"q\"\t\\")));
            Matcher sig = PRESIGNED_SIGNATURE.matcher(presigned.url().toString());
            assertThat(sig.find()).isTrue();
            presignedSignature = sig.group(1);
            HttpResponse<byte[]> got = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(presigned.url().toURI()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            calls.add(new WireRecorder.Call("GetObject", "GET", 0, 200, got.body().length,
                    got.headers().firstValue("x-amz-request-id").orElseThrow()));

            TierAdminApi admin = new TierAdminApi(server.port());
            for (RawHttp.Response r : List.of(admin.define(S3TierTest.definition("COLD", server, bucket, tierSecret)),
                    admin.list(), admin.remove("COLD"))) {
                assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
                adminCalls.put(r.header("x-amz-request-id"), r.status());
            }
        }
        // The server is closed: every queued line is written.

        List<String> lines = Files.readAllLines(accessFile, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(calls.size() + adminCalls.size());
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : lines) {
            assertThat(line).as("plain ASCII (non-ASCII escaped)").matches("\\p{ASCII}*");
            assertNoSecret(line, sseKey, wrongSecret, presignedSignature, tierSecret);
            JsonNode n = JSON.readTree(line);
            Set<String> names = new TreeSet<>();
            n.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(line).isEqualTo(new TreeSet<>(FIELDS));
            assertThat(byId.put(n.get("request_id").asText(), n)).as("one line per request id: %s", line).isNull();
        }
        for (WireRecorder.Call c : calls) {
            JsonNode n = byId.get(c.requestId());
            assertThat(n).as("line for %s %s", c.operation(), c.requestId()).isNotNull();
            assertThat(n.get("operation").asText()).isEqualTo(c.operation());
            assertThat(n.get("status").asInt()).isEqualTo(c.status());
            assertThat(n.get("bytes_in").asLong()).as("bytes_in of %s", c.operation()).isEqualTo(c.bytesIn());
            assertThat(n.get("bytes_out").asLong()).as("bytes_out of %s", c.operation()).isEqualTo(c.bytesOut());
            assertThat(n.get("bucket").asText()).isEqualTo(bucket);
            assertThat(n.get("access_key").asText()).isEqualTo(CairnTestServer.ACCESS_KEY);
            assertThat(n.get("remote_addr").asText()).startsWith("127.0.0.1:");
            assertThat(n.get("duration_ms").isNumber()).isTrue();
            assertThat(n.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(Instant.parse(n.get("time").asText())).isBetween(Instant.now().minusSeconds(300), Instant.now());
            if (c.status() < 400) {
                assertThat(n.get("error_code").isNull()).as(n.toString()).isTrue();
            }
        }
        adminCalls.forEach((id, status) -> {
            JsonNode n = byId.get(id);
            assertThat(n).as("line for admin call %s", id).isNotNull();
            assertThat(n.get("operation").asText()).isEqualTo("Admin");
            assertThat(n.get("status").asInt()).isEqualTo(status);
            assertThat(n.get("bucket").isNull()).isTrue();
            assertThat(n.get("access_key").asText()).isEqualTo(CairnTestServer.ACCESS_KEY);
        });
        Map<String, String> errors = new HashMap<>();
        byId.values().stream().filter(n -> !n.get("error_code").isNull())
                .forEach(n -> errors.put(n.get("error_code").asText(), n.get("key").asText()));
        assertThat(errors).isEqualTo(Map.of("NoSuchKey", "missing", "SignatureDoesNotMatch", "copy"));
        assertThat(byId.values()).filteredOn(n -> n.get("operation").asText().equals("PutObject"))
                .extracting(n -> n.get("key").asText()).containsExactlyInAnyOrder("plain/ключ \"q\"\t\\", "secret");
        assertThat(byId.values()).filteredOn(n -> n.get("operation").asText().equals("CreateBucket"))
                .allSatisfy(n -> assertThat(n.get("key").isNull()).isTrue());

        List<String> auditLines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        List<JsonNode> audit = new ArrayList<>();
        for (String line : auditLines) {
            assertNoSecret(line, sseKey, wrongSecret, presignedSignature, tierSecret);
            audit.add(JSON.readTree(line));
        }
        assertThat(audit).extracting(n -> n.get("operation").asText())
                .containsExactly("CreateBucket", "PutBucketVersioning", "DeleteObject", "DeleteObjects", "Admin",
                        "Admin");
        assertThat(audit).allSatisfy(n -> {
            assertThat(byId).containsKey(n.get("request_id").asText());
            Set<String> names = new TreeSet<>();
            n.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsAll(FIELDS).contains("target");
        });
        assertThat(audit.get(0).get("target").asText()).isEqualTo("/" + bucket);
        assertThat(audit.get(2).get("target").asText()).isEqualTo("/" + bucket + "/copy");
        assertThat(audit.get(3).get("objects")).extracting(JsonNode::asText).containsExactly("mp", "secret");
        assertThat(audit.get(4).get("target").asText()).isEqualTo("POST /_cairn/admin/tiers");
        assertThat(audit.get(4).get("objects")).extracting(JsonNode::asText).containsExactly("COLD");
        assertThat(audit.get(5).get("target").asText()).isEqualTo("DELETE /_cairn/admin/tiers/COLD");
    }

    private static void assertNoSecret(String line, String sseKey, String wrongSecret, String presignedSignature,
                                       String tierSecret) {
        assertThat(line).doesNotContain(CairnTestServer.SECRET_KEY).doesNotContain(wrongSecret)
                .doesNotContain(tierSecret)
                .doesNotContain(sseKey).doesNotContain(presignedSignature)
                .doesNotContain("Signature=").doesNotContain("Credential=").doesNotContain("X-Amz-");
        assertThat(SIGNATURE.matcher(line).find()).as("no signature-like hex in %s", line).isFalse();
    }
}
