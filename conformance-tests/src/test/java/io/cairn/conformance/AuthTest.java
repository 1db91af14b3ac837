package io.cairn.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Header-signed, presigned (V4 and V2), anonymous and wrongly signed requests. */
class AuthTest extends ConformanceTestBase {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static String bucket;
    private static S3Presigner presigner;
    private static HttpClient http;

    @BeforeAll
    static void setUp() {
        bucket = createBucket("auth");
        presigner = server.presigner();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void tearDown() {
        presigner.close();
        http.close();
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static RawHttp.Response asRaw(HttpResponse<byte[]> r) {
        return new RawHttp.Response(r.statusCode(), "", r.headers().map().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue)),
                r.body());
    }

    @Test
    void headerSignedRequestsWork() {
        put(bucket, "signed", "hello");
        assertThat(new String(getBytes(bucket, "signed"), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void presignedGet() throws Exception {
        byte[] data = randomBytes(5000, 1);
        String key = "presigned get/ключ+%.bin";
        put(bucket, key, data);
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key(key)));
        assertThat(p.url().getQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=300");
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.url().toURI()).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
        assertThat(r.headers().firstValue("etag")).contains("\"" + md5Hex(data) + "\"");
    }

    @Test
    void presignedGetWithResponseOverride() throws Exception {
        put(bucket, "presigned-override", "x");
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("presigned-override")
                        .responseContentDisposition("attachment; filename=\"report.csv\"")));
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.url().toURI()).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-disposition")).contains("attachment; filename=\"report.csv\"");
    }

    @Test
    void presignedPut() throws Exception {
        byte[] data = randomBytes(70_000, 2);
        String key = "presigned put with spaces";
        PresignedPutObjectRequest p = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentType("application/x-test")
                        .metadata(Map.of("origin", "presigned"))));
        HttpRequest.Builder request = HttpRequest.newBuilder(p.url().toURI())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
        p.signedHeaders().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> r = send(request);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("etag")).contains("\"" + md5Hex(data) + "\"");
        assertThat(getBytes(bucket, key)).isEqualTo(data);
        var head = s3.headObject(b -> b.bucket(bucket).key(key));
        assertThat(head.contentType()).isEqualTo("application/x-test");
        assertThat(head.metadata()).containsEntry("origin", "presigned");
    }

    @Test
    void expiredPresignedUrlIsAccessDenied() throws Exception {
        put(bucket, "expiring", "x");
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofSeconds(1))
                .getObjectRequest(g -> g.bucket(bucket).key("expiring")));
        Thread.sleep(2100);
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(p.url().toURI()).GET());
        ErrorDoc doc = assertError(asRaw(r), 403, "AccessDenied");
        assertThat(doc.message()).containsIgnoringCase("expired");
    }

    @Test
    void tamperedPresignedSignatureIsSignatureDoesNotMatch() throws Exception {
        put(bucket, "tampered", "x");
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("tampered")));
        String url = p.url().toString();
        int i = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char c = url.charAt(i);
        String tampered = url.substring(0, i) + (c == '0' ? '1' : '0') + url.substring(i + 1);
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(tampered)).GET());
        assertError(asRaw(r), 403, "SignatureDoesNotMatch");
    }

    @Test
    void presignedUrlForAnotherKeyOrMethodIsSignatureDoesNotMatch() throws Exception {
        put(bucket, "original", "x");
        PresignedGetObjectRequest p = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("original")));
        URI other = URI.create(p.url().toString().replace("/original?", "/other?"));
        assertError(asRaw(send(HttpRequest.newBuilder(other).GET())), 403, "SignatureDoesNotMatch");
        HttpResponse<byte[]> delete = send(HttpRequest.newBuilder(p.url().toURI()).DELETE());
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(getBytes(bucket, "original")).isEqualTo("x".getBytes());
    }

    @Test
    void wrongSecretKeyIsSignatureDoesNotMatch() {
        try (S3Client wrong = server.client(b -> b.credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(CairnTestServer.ACCESS_KEY, "not-the-secret"))))) {
            s3Error(() -> wrong.listBuckets(), 403, "SignatureDoesNotMatch");
            s3Error(() -> wrong.putObject(b -> b.bucket(bucket).key("wrong-secret"), RequestBody.fromString("x")),
                    403, "SignatureDoesNotMatch");
        }
    }

    @Test
    void unknownAccessKeyIsInvalidAccessKeyId() {
        try (S3Client unknown = server.client(b -> b.credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", CairnTestServer.SECRET_KEY))))) {
            s3Error(() -> unknown.listObjectsV2(b -> b.bucket(bucket)), 403, "InvalidAccessKeyId");
        }
    }

    @Test
    void wrongRegionInCredentialScopeIsRejected() {
        try (S3Client otherRegion = server.client(b -> b.region(Region.EU_WEST_1))) {
            s3Error(() -> otherRegion.listObjectsV2(b -> b.bucket(bucket)), 400, "AuthorizationHeaderMalformed");
        }
    }

    @Test
    void anonymousRequestsAreAccessDenied() throws Exception {
        put(bucket, "private", "secret");
        URI base = server.endpoint();
        HttpResponse<byte[]> list = send(HttpRequest.newBuilder(base.resolve("/" + bucket)).GET());
        assertError(asRaw(list), 403, "AccessDenied");
        HttpResponse<byte[]> get = send(HttpRequest.newBuilder(base.resolve("/" + bucket + "/private")).GET());
        assertError(asRaw(get), 403, "AccessDenied");
        HttpResponse<byte[]> buckets = send(HttpRequest.newBuilder(base.resolve("/")).GET());
        assertError(asRaw(buckets), 403, "AccessDenied");
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(base.resolve("/" + bucket + "/anon"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertError(asRaw(put), 403, "AccessDenied");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("anon")), 404, null);
    }

    @Test
    void clockSkewIsRequestTimeTooSkewed() {
        for (Duration skew : List.of(Duration.ofMinutes(20), Duration.ofMinutes(-20))) {
            RawHttp.Response r = RawRequest.of(server.port(), "GET", "/" + bucket)
                    .clock(Clock.offset(Clock.systemUTC(), skew)).send();
            assertError(r, 403, "RequestTimeTooSkewed");
        }
        // Within 15 minutes is fine.
        RawHttp.Response ok = RawRequest.of(server.port(), "GET", "/" + bucket)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))).send();
        assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
    }

    @Test
    void malformedAuthorizationHeaderIsRejected() {
        RawHttp.Response r = RawHttp.send(server.port(), RawHttp.head("GET", "/" + bucket, Map.of(
                "Host", "127.0.0.1:" + server.port(),
                "x-amz-date", DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                        .format(Instant.now()),
                "x-amz-content-sha256", "UNSIGNED-PAYLOAD",
                "Authorization", "AWS4-HMAC-SHA256 Credential=garbage")), null);
        assertThat(r.status()).isIn(400, 403);
        assertThat(errorDoc(r).code()).isIn("AuthorizationHeaderMalformed", "InvalidArgument", "AccessDenied");
    }

    // ---- SigV2 (older clients, s3cmd signurl) ----

    private static String sigV2(String stringToSign) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(CairnTestServer.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sigV2HeaderSignedGet() throws Exception {
        put(bucket, "v2-object", "v2 data");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now());
        String resource = "/" + bucket + "/v2-object";
        String signature = sigV2("GET\n\n\n" + date + "\n" + resource);
        RawHttp.Response r = RawHttp.send(server.port(), RawHttp.head("GET", resource, Map.of(
                "Host", "127.0.0.1:" + server.port(),
                "Date", date,
                "Authorization", "AWS " + CairnTestServer.ACCESS_KEY + ":" + signature)), null);
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("v2 data");

        String bad = sigV2("GET\n\n\n" + date + "\n/" + bucket + "/other");
        RawHttp.Response wrong = RawHttp.send(server.port(), RawHttp.head("GET", resource, Map.of(
                "Host", "127.0.0.1:" + server.port(),
                "Date", date,
                "Authorization", "AWS " + CairnTestServer.ACCESS_KEY + ":" + bad)), null);
        assertError(wrong, 403, "SignatureDoesNotMatch");
    }

    @Test
    void sigV2PresignedGet() throws Exception {
        put(bucket, "v2-presigned", "v2 presigned");
        long expires = Instant.now().plusSeconds(300).getEpochSecond();
        String resource = "/" + bucket + "/v2-presigned";
        String signature = sigV2("GET\n\n\n" + expires + "\n" + resource);
        URI uri = server.endpoint().resolve(resource + "?AWSAccessKeyId=" + CairnTestServer.ACCESS_KEY
                + "&Expires=" + expires + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri).GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("v2 presigned");

        long past = Instant.now().minusSeconds(60).getEpochSecond();
        String expiredSig = sigV2("GET\n\n\n" + past + "\n" + resource);
        URI expired = server.endpoint().resolve(resource + "?AWSAccessKeyId=" + CairnTestServer.ACCESS_KEY
                + "&Expires=" + past + "&Signature=" + URLEncoder.encode(expiredSig, StandardCharsets.UTF_8));
        assertError(asRaw(send(HttpRequest.newBuilder(expired).GET())), 403, "AccessDenied");
    }
}
