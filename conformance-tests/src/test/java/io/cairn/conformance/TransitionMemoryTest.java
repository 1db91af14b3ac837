package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transitioned content streams too: a server with a 256 MiB heap moves a 1 GiB encrypted object to its tier and
 * reads it back through the tier, whole and in a range spanning many packages, without holding it in memory.
 */
class TransitionMemoryTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final String BUCKET = "big-tier";

    @TempDir
    Path tmp;

    @Test
    void smallHeapMovesAndReadsBackAHugeEncryptedObject() throws Exception {
        try (ServerProcess server = ServerProcess.startTiered(tmp.resolve("data"), tmp.resolve("tier"),
                List.of("-Xmx256m"));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            client.putBucketEncryption(b -> b.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
            LargeObjectMemoryTest.put(client, BUCKET, "huge", 91, GIB);

            RawHttp.Response moved = RawRequest.of(server.endpoint().getPort(), "POST", "/_cairn/admin/transition")
                    .query("bucket", BUCKET).query("key", "huge").query("tier", "COLD").send();
            assertThat(moved.status()).as(moved.bodyText()).isEqualTo(200);
            assertThat(client.headObject(b -> b.bucket(BUCKET).key("huge")).storageClassAsString()).isEqualTo("COLD");

            assertThat(LargeObjectMemoryTest.download(client, BUCKET, "huge")).isEqualTo(PatternStream.sha256(91, GIB));
            long from = 300 * MIB + 12345;
            long to = 700 * MIB - 1;
            try (var in = client.getObject(b -> b.bucket(BUCKET).key("huge").range("bytes=" + from + "-" + to))) {
                assertThat(Digests.sha256(in)).isEqualTo(Digests.sha256(PatternStream.slice(91, from, to + 1)));
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }
}
