package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.tiers.SealedTierSecrets;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;
import io.cairn.tiering.remote.TierSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * S3 remote tiers against a second Cairn started in-process as the remote: definitions through the admin API and
 * the CLI, the client's round trip through the registry (including a streamed multipart upload), and its failures.
 */
class S3TierTest extends ConformanceTestBase {
    private static final String WRONG_SECRET = "wrongSecretKey-do-not-print-0123456789ABC";

    static CairnTestServer remote;
    static String remoteBucket;
    static TierAdminApi admin;

    @BeforeAll
    static void startRemote() {
        remote = CairnTestServer.start();
        remoteBucket = uniqueBucketName("tier-remote");
        try (var client = remote.client()) {
            client.createBucket(b -> b.bucket(remoteBucket));
        }
        admin = new TierAdminApi(server.port());
    }

    @AfterAll
    static void stopRemote() {
        if (remote != null) {
            remote.close();
        }
    }

    static Map<String, String> definition(String name, CairnTestServer target, String bucket, String secret) {
        Map<String, String> m = new HashMap<>();
        m.put("name", name);
        m.put("type", "s3");
        m.put("endpoint", target.endpoint().toString());
        m.put("region", "us-east-1");
        m.put("bucket", bucket);
        m.put("prefix", "cairn/" + name.toLowerCase() + "/");
        m.put("pathStyle", "true");
        m.put("accessKey", CairnTestServer.ACCESS_KEY);
        m.put("secretKey", secret);
        return m;
    }

    private static RemoteTier define(String name) throws TierException {
        RawHttp.Response r = admin.define(definition(name, remote, remoteBucket, CairnTestServer.SECRET_KEY));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        return server.context().tiers().get(name);
    }

    @Test
    void putGetRangeSizeDeleteAndVerifyThroughTheRegistry() throws Exception {
        RemoteTier tier = define("ROUNDTRIP");
        byte[] data = randomBytes(300_000, 7);
        tier.put("b/k1", new ByteArrayInputStream(data), data.length);
        try (var client = remote.client()) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(remoteBucket).key("cairn/roundtrip/b/k1")).asByteArray())
                    .as("stored under the tier's prefix").isEqualTo(data);
        }
        try (InputStream in = tier.get("b/k1", 1000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 6000));
        }
        try (InputStream in = tier.get("b/k1", 0, data.length)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(tier.size("b/k1")).isEqualTo(data.length);
        assertThat(tier.size("b/none")).isEqualTo(-1);
        tier.put("empty", InputStream.nullInputStream(), 0);
        assertThat(tier.size("empty")).isZero();
        tier.delete("b/k1");
        assertThat(tier.size("b/k1")).isEqualTo(-1);
        tier.delete("b/k1");
        TierException missing = catchThrowableOfType(TierException.class, () -> tier.get("b/k1", 0, 10));
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.getMessage()).contains("404 NoSuchKey");
        tier.verify();
        JsonNode verified = TierAdminApi.json(admin.verify("ROUNDTRIP"));
        assertThat(verified.get("ok").asBoolean()).isTrue();
    }

    @Test
    void shortContentIsRefusedNotStoredTruncated() throws Exception {
        RemoteTier tier = define("SHORT");
        TierException e = catchThrowableOfType(TierException.class,
                () -> tier.put("k", new ByteArrayInputStream(new byte[100]), 200));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("content ended after 100 of 200 bytes");
        assertThat(tier.size("k")).isEqualTo(-1);
    }

    @Test
    void contentAboveTheMultipartThresholdStreamsAsParts() throws Exception {
        RemoteTier tier = define("BIG");
        long size = 100L * 1024 * 1024 + 12345;
        tier.put("big", new PatternStream(42, size), size);
        try (var client = remote.client()) {
            HeadObjectResponse head = client.headObject(b -> b.bucket(remoteBucket).key("cairn/big/big"));
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.eTag()).as("a multipart ETag").matches("\"[0-9a-f]{32}-13\"");
        }
        try (InputStream in = tier.get("big", 0, size)) {
            assertThat(Digests.sha256(in)).isEqualTo(Digests.sha256(new PatternStream(42, size)));
        }
        long from = 8L * 1024 * 1024 - 1000;
        try (InputStream in = tier.get("big", from, 3000)) {
            assertThat(in.readAllBytes()).as("a range across a part boundary")
                    .isEqualTo(PatternStream.slice(42, from, from + 3000).readAllBytes());
        }
        tier.delete("big");
    }

    @Test
    void aWrongSecretFailsVerifyForGoodAndIsNeverShown() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RawHttp.Response defined = admin.define(definition("WRONGKEY", remote, remoteBucket, WRONG_SECRET));
            assertThat(defined.status()).isEqualTo(200);
            RawHttp.Response r = admin.verify("WRONGKEY");
            assertThat(r.status()).isEqualTo(502);
            JsonNode answer = TierAdminApi.json(r);
            assertThat(answer.get("ok").asBoolean()).isFalse();
            assertThat(answer.get("retryable").asBoolean()).isFalse();
            // 403 without a code: the remote refuses before 100-continue, so there is no error body to read.
            assertThat(answer.get("error").asText()).contains(": 403")
                    .contains("check the tier's access key and secret key");
            TierException e = catchThrowableOfType(TierException.class,
                    () -> server.context().tiers().get("WRONGKEY").size("x"));
            assertThat(e.retryable()).isFalse();
            for (String text : List.of(defined.bodyText(), r.bodyText(), e.getMessage(), logs.text(),
                    admin.list().bodyText())) {
                assertThat(text).doesNotContain(WRONG_SECRET);
            }
        }
        assertThat(admin.remove("WRONGKEY").status()).isEqualTo(200);
    }

    @Test
    void aStoppedRemoteIsATransientErrorQuickly() throws Exception {
        CairnTestServer doomed = CairnTestServer.start();
        String bucket = uniqueBucketName("doomed");
        try (var client = doomed.client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        assertThat(admin.define(definition("DOOMED", doomed, bucket, CairnTestServer.SECRET_KEY)).status())
                .isEqualTo(200);
        RemoteTier tier = server.context().tiers().get("DOOMED");
        tier.verify();
        doomed.close();
        long start = System.nanoTime();
        TierException put = catchThrowableOfType(TierException.class,
                () -> tier.put("k", new ByteArrayInputStream(new byte[1000]), 1000));
        assertThat(put.retryable()).isTrue();
        assertThat(put.getMessage()).contains("remote unreachable");
        JsonNode verify = TierAdminApi.json(admin.verify("DOOMED"));
        assertThat(verify.get("ok").asBoolean()).isFalse();
        assertThat(verify.get("retryable").asBoolean()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until both failed").isLessThan(20_000);
        assertThat(admin.remove("DOOMED").status()).isEqualTo(200);
    }

    @Test
    void removalIsRefusedWhileALifecycleRuleOrAnObjectUsesTheTier() throws Exception {
        define("INUSE");
        MetadataStore meta = server.context().metadata();
        String bucket = createBucket("tier-use");
        meta.updateBucket(bucket, b -> b.withLifecycle("<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
                + "2006-03-01/\"><Rule><ID>r</ID><Filter/><Status>Enabled</Status><Transition><Days>30</Days>"
                + "<StorageClass>INUSE</StorageClass></Transition></Rule></LifecycleConfiguration>"));
        RawHttp.Response refused = admin.remove("INUSE");
        assertThat(assertError(refused, 409, "TierInUse").message())
                .contains("lifecycle configuration of bucket " + bucket);
        meta.updateBucket(bucket, b -> b.withLifecycle(null));

        put(bucket, "cold-object", "content");
        ObjectVersion v = meta.latest(bucket, "cold-object").orElseThrow();
        meta.updateVersion(bucket, "cold-object", v.versionId(),
                x -> x.withLocation(Map.of("tier", "INUSE"), x.dataId(), x.inline(), x.parts()));
        assertThat(assertError(admin.remove("INUSE"), 409, "TierInUse").message())
                .contains("object " + bucket + "/cold-object");
        meta.updateVersion(bucket, "cold-object", v.versionId(),
                x -> x.withLocation(Map.of(), x.dataId(), x.inline(), x.parts()));

        assertThat(admin.remove("INUSE").status()).isEqualTo(200);
        assertThat(TierAdminApi.json(admin.list()).get("tiers").findValuesAsText("name")).doesNotContain("INUSE");
        assertError(admin.remove("INUSE"), 404, "NoSuchTier");
        TierException gone = catchThrowableOfType(TierException.class, () -> server.context().tiers().get("INUSE"));
        assertThat(gone.retryable()).isFalse();
    }

    @Test
    void theListRedactsSecretsAndTheStoreHoldsThemSealed() throws Exception {
        define("LISTED");
        RawHttp.Response r = admin.list();
        assertThat(r.status()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode t : TierAdminApi.json(r).get("tiers")) {
            if (t.get("name").asText().equals("LISTED")) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("type").asText()).isEqualTo("s3");
        assertThat(listed.get("endpoint").asText()).isEqualTo(remote.endpoint().toString());
        assertThat(listed.get("bucket").asText()).isEqualTo(remoteBucket);
        assertThat(listed.get("prefix").asText()).isEqualTo("cairn/listed/");
        assertThat(listed.get("accessKey").asText()).isEqualTo(CairnTestServer.ACCESS_KEY);
        assertThat(listed.has("secretKey")).isFalse();
        assertThat(r.bodyText()).doesNotContain(CairnTestServer.SECRET_KEY);

        Map<String, String> stored = server.context().metadata().tier("LISTED").orElseThrow().settings();
        assertThat(stored.get("secretKey")).startsWith("v1:").doesNotContain(CairnTestServer.SECRET_KEY);
        assertThat(String.join(" ", stored.values())).doesNotContain(CairnTestServer.SECRET_KEY);
        byte[] secret = CairnTestServer.SECRET_KEY.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(readQuietly(f), secret)).as("the secret in clear in %s", f).isEqualTo(-1);
            }
        }
    }

    @Test
    void masterKeyRotationReSealsTierCredentials() throws Exception {
        define("ROTATED");
        String before = server.context().metadata().tier("ROTATED").orElseThrow().settings().get("secretKey");
        RawHttp.Response r = RawRequest.of(server.port(), "POST", "/_cairn/admin/sse/rotate-master-key").send();
        assertThat(r.status()).isEqualTo(200);
        JsonNode rotation = TierAdminApi.json(r);
        assertThat(rotation.get("tiersResealed").asInt()).isPositive();
        var record = server.context().metadata().tier("ROTATED").orElseThrow();
        assertThat(record.settings().get("secretKey")).isNotEqualTo(before)
                .startsWith("v1:" + rotation.get("masterKeyId").asText() + ":");
        assertThat(TierSpec.fromRecord(record, new SealedTierSecrets(server.context().keys())).setting("secretKey"))
                .isEqualTo(CairnTestServer.SECRET_KEY);
        assertThat(TierAdminApi.json(admin.verify("ROTATED")).get("ok").asBoolean()).isTrue();
    }

    @Test
    void badDefinitionsAreRefusedWithS3Errors() {
        Map<String, String> missing = definition("BAD", remote, remoteBucket, "s");
        missing.remove("bucket");
        assertThat(assertError(admin.define(missing), 400, "InvalidArgument").message())
                .contains("s3 tiers need the setting bucket");
        Map<String, String> reserved = definition("GLACIER", remote, remoteBucket, "s");
        assertThat(assertError(admin.define(reserved), 400, "InvalidArgument").message())
                .contains("S3 storage class");
        Map<String, String> lower = definition("cold", remote, remoteBucket, "s");
        assertError(admin.define(lower), 400, "InvalidArgument");
        Map<String, String> type = definition("GCS", remote, remoteBucket, "s");
        type.put("type", "gcs");
        assertError(admin.define(type), 400, "InvalidArgument");
        assertError(admin.define("{not json".getBytes(StandardCharsets.UTF_8), false), 400, "InvalidArgument");
        assertError(admin.define("[\"COLD\"]".getBytes(StandardCharsets.UTF_8), false), 400, "InvalidArgument");
        assertError(admin.define("{\"name\":\"X\",\"name\":\"Y\",\"type\":\"s3\"}".getBytes(StandardCharsets.UTF_8),
                false), 400, "InvalidArgument");

        Map<String, String> twice = definition("TWICE", remote, remoteBucket, CairnTestServer.SECRET_KEY);
        assertThat(admin.define(twice).status()).isEqualTo(200);
        assertError(admin.define(twice), 409, "TierAlreadyExists");
        twice.put("prefix", "elsewhere/");
        assertThat(admin.define(twice, true).status()).isEqualTo(200);
        assertThat(TierAdminApi.json(admin.list()).toString()).contains("elsewhere/");

        assertError(admin.verify("NOSUCH"), 404, "NoSuchTier");
        assertError(admin.remove("NOSUCH"), 404, "NoSuchTier");
        RawHttp.Response anonymous = RawRequest.of(server.port(), "GET", "/_cairn/admin/tiers").unsigned().send();
        assertThat(anonymous.status()).isEqualTo(403);
        assertError(RawRequest.of(server.port(), "PUT", "/_cairn/admin/tiers").send(), 405, "MethodNotAllowed");
    }

    @Test
    void theCliAddsListsVerifiesAndRemovesWithTheSecretFromTheEnvironment() throws Exception {
        String[] global = {"--endpoint", server.endpoint().toString(), "--access-key", CairnTestServer.ACCESS_KEY,
                "--secret-key", CairnTestServer.SECRET_KEY};
        Map<String, String> env = Map.of("CAIRN_TIER_SECRET_KEY", CairnTestServer.SECRET_KEY);
        AdminCli add = AdminCli.run(concat(global, "tier", "add", "FROMCLI", "--type", "s3", "--endpoint",
                remote.endpoint().toString(), "--region", "us-east-1", "--bucket", remoteBucket, "--prefix",
                "cli/", "--access-key", CairnTestServer.ACCESS_KEY, "--path-style"), env);
        assertThat(add.status()).as(add.err()).isZero();
        assertThat(add.out()).contains("\"name\":\"FROMCLI\"").doesNotContain(CairnTestServer.SECRET_KEY);

        AdminCli ls = AdminCli.run(concat(global, "tier", "ls"), Map.of());
        assertThat(ls.status()).isZero();
        assertThat(ls.out()).contains("FROMCLI").contains("cli/").doesNotContain(CairnTestServer.SECRET_KEY);

        assertThat(AdminCli.run(concat(global, "tier", "verify", "FROMCLI"), Map.of()).out()).contains("\"ok\":true");
        AdminCli again = AdminCli.run(concat(global, "tier", "add", "FROMCLI", "--type", "s3", "--endpoint",
                remote.endpoint().toString(), "--region", "us-east-1", "--bucket", remoteBucket,
                "--access-key", CairnTestServer.ACCESS_KEY), env);
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("TierAlreadyExists");
        assertThat(AdminCli.run(concat(global, "tier", "rm", "FROMCLI"), Map.of()).status()).isZero();
        AdminCli missing = AdminCli.run(concat(global, "tier", "verify", "FROMCLI"), Map.of());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("NoSuchTier");

        AdminCli usage = AdminCli.run(concat(global, "tier", "add", "X", "--type", "s3"), Map.of());
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("s3 tiers need the setting");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] readQuietly(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            return new byte[0]; // a file RocksDB removed meanwhile
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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
