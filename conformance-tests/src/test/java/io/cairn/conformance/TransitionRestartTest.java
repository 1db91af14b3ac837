package io.cairn.conformance;

import io.cairn.meta.RemoteDeletion;
import io.cairn.meta.RocksMetadataStore;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crash in the middle of a transition leaves is cleaned up by the next start: a copy written but never
 * referenced (crash before the flip) is deleted from the tier; the queue entry of a copy that was referenced
 * (crash after the flip, before the entry was dropped) goes, and the copy stays.
 */
class TransitionRestartTest {
    @TempDir
    Path dir;

    private CairnServer start(DirectoryTier tier) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY);
        env.put("CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY);
        return CairnServer.start(ServerConfig.defaults(dir.resolve("data"))
                        .withAddress(new InetSocketAddress("127.0.0.1", 0)), env,
                name -> name.equals(tier.name()) ? Optional.of(tier) : Optional.empty());
    }

    private static S3Client client(CairnServer server) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1).credentialsProvider(CairnTestServer.credentials()).forcePathStyle(true)
                .build();
    }

    @Test
    void interruptedTransitionsAreSettledAtTheNextStart() throws Exception {
        DirectoryTier tier = new DirectoryTier("COLD", dir.resolve("tier"));
        byte[] data = ConformanceTestBase.randomBytes(200 * 1024, 1);
        Map<String, String> live;
        try (CairnServer server = start(tier); S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket("bkt"));
            s3.putObject(b -> b.bucket("bkt").key("k"), RequestBody.fromBytes(data));
            assertThat(RawRequest.of(server.port(), "POST", "/_cairn/admin/transition").query("bucket", "bkt")
                    .query("key", "k").query("tier", "COLD").send().status()).isEqualTo(200);
        }
        String liveKey = tier.keys().getFirst();
        String strayKey = "1/0123456789abcdef0123456789abcdef/stray";
        try (RocksMetadataStore store = RocksMetadataStore.open(dir.resolve("data").resolve(".cairn")
                .resolve("meta"))) {
            live = store.version("bkt", "k", "null").orElseThrow().tier();
            store.queueRemoteDeletion("bkt", "k", "null", live);
            Map<String, String> stray = new HashMap<>(live);
            stray.put("remote-key", strayKey);
            store.queueRemoteDeletion("bkt", "k", "null", stray);
        }
        Files.createDirectories(tier.file(strayKey).getParent());
        Files.write(tier.file(strayKey), new byte[] {1, 2, 3});

        try (CairnServer server = start(tier); S3Client s3 = client(server)) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (tier.keys().size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tier.keys()).containsExactly(liveKey);
            assertThat(s3.getObjectAsBytes(b -> b.bucket("bkt").key("k")).asByteArray()).isEqualTo(data);
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir.resolve("data").resolve(".cairn")
                .resolve("meta"))) {
            List<RemoteDeletion> left = store.remoteDeletions(null, 10);
            assertThat(left).isEmpty();
        }
    }
}
