package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /_cairn/admin/info} and {@code /_cairn/admin/usage}, signed, and {@code cairn admin info|usage}. */
class AdminInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CairnTestServer server;

    @BeforeAll
    static void objects() {
        server = CairnTestServer.start();
        try (S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket("photos"));
            s3.createBucket(b -> b.bucket("empty"));
            s3.putObject(b -> b.bucket("photos").key("a.jpg"), RequestBody.fromBytes(new byte[1000]));
            s3.putObject(b -> b.bucket("photos").key("b.jpg"), RequestBody.fromBytes(new byte[3 * 1024 * 1024]));
            s3.putObject(b -> b.bucket("photos").key("b.jpg"), RequestBody.fromBytes(new byte[2000]));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void infoReportsVersionUptimeDrivesAndTotals() throws IOException {
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/_cairn/admin/info").send();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode info = JSON.readTree(r.body());
        assertThat(info.get("version").asText()).isNotBlank();
        assertThat(info.get("uptimeSeconds").asLong()).isNotNegative();
        assertThat(info.get("startedAt").asText()).endsWith("Z");
        assertThat(info.get("buckets").asLong()).isEqualTo(2);
        assertThat(info.get("objects").asLong()).isEqualTo(2);
        assertThat(info.get("bytes").asLong()).isEqualTo(3000);
        JsonNode drive = info.get("drives").get(0);
        assertThat(drive.get("path").asText()).isEqualTo(server.dataDir().toString());
        assertThat(drive.get("state").asText()).isEqualTo("online");
        assertThat(drive.get("totalBytes").asLong()).isPositive();
        assertThat(drive.get("freeBytes").asLong()).isBetween(0L, drive.get("totalBytes").asLong());
    }

    @Test
    void usageReportsEveryBucketOrOne() throws IOException {
        JsonNode all = JSON.readTree(RawRequest.of(server.port(), "GET", "/_cairn/admin/usage").send().body());
        assertThat(all.toString()).isEqualTo("{\"buckets\":[{\"bucket\":\"empty\",\"objects\":0,\"bytes\":0},"
                + "{\"bucket\":\"photos\",\"objects\":2,\"bytes\":3000}],\"objects\":2,\"bytes\":3000}");

        RawHttp.Response one = RawRequest.of(server.port(), "GET", "/_cairn/admin/usage").query("bucket", "photos")
                .send();
        assertThat(JSON.readTree(one.body()).get("buckets")).hasSize(1);

        RawHttp.Response missing = RawRequest.of(server.port(), "GET", "/_cairn/admin/usage")
                .query("bucket", "nope").send();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bodyText()).contains("NoSuchBucket");
    }

    @Test
    void theAdminApiNeedsTheRootSignatureAndGet() {
        assertThat(RawRequest.of(server.port(), "GET", "/_cairn/admin/info").unsigned().send().status())
                .isEqualTo(403);
        assertThat(RawRequest.of(server.port(), "GET", "/_cairn/admin/usage")
                .credentials("SOMEONEELSE000000001", "not-the-root-secret-key-000000000000000").send().status())
                .isEqualTo(403);
        assertThat(RawRequest.of(server.port(), "POST", "/_cairn/admin/info").send().status()).isEqualTo(405);
    }

    @Test
    void theCliPrintsTables() throws Exception {
        AdminCli info = AdminCli.root(server, "info");
        assertThat(info.status()).isZero();
        assertThat(info.out()).contains("Buckets:  2", "Objects:  2", "Stored:   2.9 KiB", "DRIVE", "FREE", "TOTAL",
                server.dataDir().toString());

        AdminCli usage = AdminCli.root(server, "usage");
        assertThat(usage.status()).isZero();
        assertThat(usage.out().lines().toList()).containsExactly(
                "BUCKET   OBJECTS  SIZE     BYTES",
                "empty    0        0 B      0",
                "photos   2        2.9 KiB  3000",
                "(total)  2        2.9 KiB  3000");

        assertThat(AdminCli.root(server, "usage", "photos").out().lines()).hasSize(2);
        assertThat(JSON.readTree(AdminCli.root(server, "--json", "usage", "photos").out()).get("objects").asLong())
                .isEqualTo(2);

        AdminCli missing = AdminCli.root(server, "usage", "nope");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("NoSuchBucket");
    }
}
