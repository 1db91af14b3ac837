package io.cairn.conformance;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Transition;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static io.cairn.conformance.ConformanceTestBase.randomBytes;
import static io.cairn.conformance.ConformanceTestBase.uniqueBucketName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TieringEndToEndBase}'s round trips with an Azure Blob container of Azurite as the remote tier; and a tier
 * whose account key is wrong, which must cost neither objects nor requests nor a log line per object.
 */
class TieringAzureEndToEndTest extends TieringEndToEndBase {
    private static final String TIER = "E2E-AZURE";
    private static final String WRONG_KEY_TIER = "E2E-AZURE-WRONG-KEY";
    private static final String WRONG_KEY = Base64.getEncoder().encodeToString(randomBytes(64, 4242));

    private static Azurite azurite;
    private static BlobContainerClient container;

    @BeforeAll
    static void startAzurite() {
        azurite = Azurite.start();
        container = new BlobServiceClientBuilder()
                .endpoint(azurite.endpoint())
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .buildClient()
                .getBlobContainerClient(uniqueBucketName("e2e-tier"));
        container.create();
        RawHttp.Response defined = admin.define(definition(TIER, Azurite.KEY));
        assertThat(defined.status()).as(defined.bodyText()).isEqualTo(200);
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private static Map<String, String> definition(String name, String accountKey) {
        Map<String, String> m = new HashMap<>();
        m.put("name", name);
        m.put("type", "azure");
        m.put("endpoint", azurite.endpoint());
        m.put("account", Azurite.ACCOUNT);
        m.put("accountKey", accountKey);
        m.put("container", container.getBlobContainerName());
        m.put("prefix", PREFIX);
        return m;
    }

    @Override
    String tier() {
        return TIER;
    }

    @Override
    Map<String, Long> remoteObjects() {
        return container.listBlobs(new ListBlobsOptions().setPrefix(PREFIX), null).stream()
                .collect(Collectors.toMap(BlobItem::getName, b -> b.getProperties().getContentLength()));
    }

    @Override
    byte[] remoteBytes(String key) {
        return container.getBlobClient(key).downloadContent().toBytes();
    }

    @Override
    void pauseRemote() throws Exception {
        azurite.pause();
    }

    @Override
    void resumeRemote() throws Exception {
        azurite.resume();
    }

    @Test
    void aWrongAccountKeyLeavesObjectsLocalAndIsLoggedOncePerBurstNotPerObject() throws Exception {
        assertThat(admin.define(definition(WRONG_KEY_TIER, WRONG_KEY)).status()).isEqualTo(200);
        String bucket = bucket("e2e-wrong-key", false);
        putLifecycle(bucket, rule().transitions(Transition.builder().days(1).storageClass(WRONG_KEY_TIER).build())
                .build());
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] data = randomBytes(200 * 1024, 500 + i);
            String key = "object-" + i;
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
            objects.put(key, data);
        }
        Instant written = Instant.now();
        long failuresBefore = tierFailures();

        sleepUntil(written.plus(DAY));
        try (LogCapture logs = new LogCapture()) {
            JsonNode first = scan();
            assertThat(first.get("transitionsDeferred").asLong()).as(first.toString()).isEqualTo(objects.size());
            assertThat(first.get("transitions").asLong()).isZero();
            // The first failure backs the tier off for a second; after it, this pass or the deletion of the failed
            // copy (queued in case part of it arrived) tries the tier again, and fails again.
            Thread.sleep(1200);
            JsonNode second = scan();
            assertThat(second.get("transitionsDeferred").asLong()).isEqualTo(objects.size());
            assertThat(tierFailures() - failuresBefore).as("calls to the failing tier: a few, not one per object")
                    .isGreaterThanOrEqualTo(2).isLessThan(objects.size());

            for (Map.Entry<String, byte[]> o : objects.entrySet()) {
                assertThat(s3.headObject(b -> b.bucket(bucket).key(o.getKey())).storageClassAsString()).isNull();
                TieringChecks.assertReadsBack(s3, bucket, o.getKey(), o.getValue(), TieringChecks.NOTHING);
            }
            s3.putObject(b -> b.bucket(bucket).key("later"), RequestBody.fromString("still taking writes"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("later")).asUtf8String())
                    .isEqualTo("still taking writes");

            String text = logs.text();
            assertThat(text.split("remote tier " + WRONG_KEY_TIER + " failed", -1)).as(text).hasSize(2);
            assertThat(text).contains("403").contains("check the tier's account and account key")
                    .doesNotContain(WRONG_KEY).doesNotContain(Azurite.KEY);
            objects.keySet().forEach(key -> assertThat(text).as("a line per object").doesNotContain(key));
        } finally {
            s3.deleteBucketLifecycle(b -> b.bucket(bucket));
        }
        assertThat(remoteObjects().keySet()).noneMatch(k -> k.startsWith(PREFIX + bucketId(bucket) + "/"));
        assertThat(admin.remove(WRONG_KEY_TIER).status()).isEqualTo(200);
    }

    /** Failed remote calls of this server so far (all tiers, all operations). */
    private static long tierFailures() {
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/_cairn/admin/transition").send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        return TierAdminApi.json(r).get("tierFailures").asLong();
    }
}
