package io.cairn.conformance;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Azure Blob tiers against Azurite: the same round trip and failures as {@link S3TierTest}. */
class AzureTierTest extends ConformanceTestBase {
    private static final String WRONG_KEY = Base64.getEncoder().encodeToString(randomBytes(64, 99));

    static Azurite azurite;
    static BlobContainerClient container;
    static TierAdminApi admin;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
        container = new BlobServiceClientBuilder()
                .endpoint(azurite.endpoint())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .buildClient()
                .getBlobContainerClient(uniqueBucketName("tiers"));
        container.create();
        admin = new TierAdminApi(server.port());
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    static Map<String, String> definition(String name, String endpoint, String containerName, String key) {
        Map<String, String> m = new HashMap<>();
        m.put("name", name);
        m.put("type", "azure");
        m.put("endpoint", endpoint);
        m.put("account", Azurite.ACCOUNT);
        m.put("accountKey", key);
        m.put("container", containerName);
        m.put("prefix", "cairn/" + name.toLowerCase() + "/");
        return m;
    }

    private static RemoteTier define(String name) throws TierException {
        RawHttp.Response r = admin.define(definition(name, azurite.endpoint(), container.getBlobContainerName(),
                Azurite.KEY));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        return server.context().tiers().get(name);
    }

    @Test
    void putGetRangeSizeDeleteAndVerifyThroughTheRegistry() throws Exception {
        RemoteTier tier = define("AZROUNDTRIP");
        byte[] data = randomBytes(300_000, 8);
        tier.put("b/k1", new ByteArrayInputStream(data), data.length);
        assertThat(container.getBlobClient("cairn/azroundtrip/b/k1").downloadContent().toBytes())
                .as("stored under the tier's prefix").isEqualTo(data);
        try (InputStream in = tier.get("b/k1", 1000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1000, 6000));
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
        assertThat(missing.getMessage()).contains("404 BlobNotFound");
        tier.verify();
        assertThat(TierAdminApi.json(admin.verify("AZROUNDTRIP")).get("ok").asBoolean()).isTrue();
    }

    @Test
    void largeContentIsStagedAsBlocksAndStreamsBack() throws Exception {
        RemoteTier tier = define("AZBIG");
        long size = 100L * 1024 * 1024 + 12345;
        tier.put("big", new PatternStream(43, size), size);
        var blob = container.getBlobClient("cairn/azbig/big").getBlockBlobClient();
        assertThat(blob.getProperties().getBlobSize()).isEqualTo(size);
        assertThat(blob.listBlocks(BlockListType.COMMITTED).getCommittedBlocks()).as("8 MiB blocks").hasSize(13);
        try (InputStream in = tier.get("big", 0, size)) {
            assertThat(Digests.sha256(in)).isEqualTo(Digests.sha256(new PatternStream(43, size)));
        }
        long from = 8L * 1024 * 1024 - 1000;
        try (InputStream in = tier.get("big", from, 3000)) {
            assertThat(in.readAllBytes()).as("a range across a block boundary")
                    .isEqualTo(PatternStream.slice(43, from, from + 3000).readAllBytes());
        }
        tier.delete("big");
        assertThat(tier.size("big")).isEqualTo(-1);
    }

    @Test
    void aWrongKeyFailsVerifyForGoodAndIsNeverShown() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            RawHttp.Response defined = admin.define(definition("AZWRONG", azurite.endpoint(),
                    container.getBlobContainerName(), WRONG_KEY));
            assertThat(defined.status()).isEqualTo(200);
            RawHttp.Response r = admin.verify("AZWRONG");
            assertThat(r.status()).isEqualTo(502);
            JsonNode answer = TierAdminApi.json(r);
            assertThat(answer.get("retryable").asBoolean()).isFalse();
            assertThat(answer.get("error").asText()).contains("403")
                    .contains("check the tier's account and account key");
            for (String text : new String[] {defined.bodyText(), r.bodyText(), logs.text(), admin.list().bodyText()}) {
                assertThat(text).doesNotContain(WRONG_KEY).doesNotContain(Azurite.KEY);
            }
        }
        assertThat(server.context().metadata().tier("AZWRONG").orElseThrow().settings().get("accountKey"))
                .startsWith("v1:").doesNotContain(WRONG_KEY);
        assertThat(admin.remove("AZWRONG").status()).isEqualTo(200);
    }

    @Test
    void aMissingContainerIsAFinalError() {
        assertThat(admin.define(definition("AZNOCONTAINER", azurite.endpoint(), "no-such-container",
                Azurite.KEY)).status()).isEqualTo(200);
        JsonNode answer = TierAdminApi.json(admin.verify("AZNOCONTAINER"));
        assertThat(answer.get("retryable").asBoolean()).isFalse();
        assertThat(answer.get("error").asText()).contains("404 ContainerNotFound").contains("container does not exist");
        assertThat(admin.remove("AZNOCONTAINER").status()).isEqualTo(200);
    }

    @Test
    void anUnreachableRemoteIsATransientErrorQuickly() throws Exception {
        String dead = "http://127.0.0.1:" + ServerProcess.freePort() + "/" + Azurite.ACCOUNT;
        assertThat(admin.define(definition("AZDOWN", dead, "cold", Azurite.KEY)).status()).isEqualTo(200);
        long start = System.nanoTime();
        TierException e = catchThrowableOfType(TierException.class, () -> server.context().tiers().get("AZDOWN")
                .put("k", new ByteArrayInputStream(new byte[10]), 10));
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("remote unreachable");
        assertThat(TierAdminApi.json(admin.verify("AZDOWN")).get("retryable").asBoolean()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until both failed").isLessThan(20_000);
        assertThat(admin.remove("AZDOWN").status()).isEqualTo(200);
    }

    @Test
    void theListShowsAccountAndContainerButNeverTheKey() throws Exception {
        define("AZLISTED");
        JsonNode listed = null;
        for (JsonNode t : TierAdminApi.json(admin.list()).get("tiers")) {
            if (t.get("name").asText().equals("AZLISTED")) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("type").asText()).isEqualTo("azure");
        assertThat(listed.get("account").asText()).isEqualTo(Azurite.ACCOUNT);
        assertThat(listed.get("container").asText()).isEqualTo(container.getBlobContainerName());
        assertThat(listed.get("endpoint").asText()).isEqualTo(azurite.endpoint());
        assertThat(listed.has("accountKey")).isFalse();
        assertThat(server.context().metadata().tier("AZLISTED").orElseThrow().settings().get("accountKey"))
                .startsWith("v1:").doesNotContain(Azurite.KEY);
    }
}
