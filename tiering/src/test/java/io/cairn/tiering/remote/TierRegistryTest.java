package io.cairn.tiering.remote;

import io.cairn.meta.RocksMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TierRegistryTest {
    @TempDir
    Path dir;
    RocksMetadataStore store;
    final List<FakeTier> built = new ArrayList<>();
    TierRegistry registry;

    @BeforeEach
    void open() {
        store = RocksMetadataStore.open(dir.resolve("meta"));
        registry = new TierRegistry(store, TierSpecTest.FAKE_SEAL, spec -> {
            FakeTier t = new FakeTier(spec);
            built.add(t);
            return t;
        });
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private static TierSpec spec(String name, String bucket) {
        Map<String, String> m = TierSpecTest.s3Settings();
        m.put("bucket", bucket);
        return new TierSpec(name, TierType.S3, m);
    }

    @Test
    void clientsAreBuiltOnceFromTheStoredDefinitionWithSecretsOpened() throws TierException {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(registry.define(spec("COLD", "b1"), false, t0)).isPresent();
        assertThat(store.tier("COLD").orElseThrow().settings().get("secretKey")).doesNotContain(TierSpecTest.SECRET);
        RemoteTier first = registry.get("COLD");
        assertThat(registry.get("COLD")).isSameAs(first);
        assertThat(built).hasSize(1);
        assertThat(built.get(0).spec.setting("secretKey")).isEqualTo(TierSpecTest.SECRET);
    }

    @Test
    void redefiningNeedsReplaceAndRebuildsTheClient() throws TierException {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        registry.define(spec("COLD", "b1"), false, t0);
        FakeTier old = (FakeTier) registry.get("COLD");
        assertThat(registry.define(spec("COLD", "b2"), false, t0.plusSeconds(5))).isEmpty();
        assertThat(registry.get("COLD")).isSameAs(old);
        assertThat(registry.define(spec("COLD", "b2"), true, t0.plusSeconds(5))).isPresent();
        assertThat(old.closed).isTrue();
        FakeTier now = (FakeTier) registry.get("COLD");
        assertThat(now.spec.setting("bucket")).isEqualTo("b2");
        assertThat(store.tier("COLD").orElseThrow().created()).as("creation time kept").isEqualTo(t0);
    }

    @Test
    void removedAndUnknownTiersAreNonRetryableErrors() throws TierException {
        registry.define(spec("COLD", "b1"), false, Instant.now());
        FakeTier client = (FakeTier) registry.get("COLD");
        assertThat(registry.remove("COLD")).isTrue();
        assertThat(client.closed).isTrue();
        assertThat(registry.remove("COLD")).isFalse();
        TierException e = catchThrowableOfType(TierException.class, () -> registry.get("COLD"));
        assertThat(e.retryable()).isFalse();
        assertThat(e).hasMessage("no tier named COLD is defined");
    }

    @Test
    void aDefinitionWhoseSecretDoesNotOpenCannotBeUsed() {
        store.putTier(new io.cairn.meta.TierRecord("COLD", "s3", Map.of("endpoint", "http://127.0.0.1:1",
                "region", "r", "bucket", "b", "accessKey", "a", "secretKey", "tampered"), Instant.now()));
        TierException e = catchThrowableOfType(TierException.class, () -> registry.get("COLD"));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("tier COLD cannot be used: ");
    }

    @Test
    void closingTheRegistryClosesEveryClient() throws TierException {
        registry.define(spec("A", "b1"), false, Instant.now());
        registry.define(spec("B", "b1"), false, Instant.now());
        registry.get("A");
        registry.get("B");
        registry.close();
        assertThat(built).allMatch(t -> t.closed);
    }

    static final class FakeTier implements RemoteTier {
        final TierSpec spec;
        volatile boolean closed;

        FakeTier(TierSpec spec) {
            this.spec = spec;
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public void put(String remoteKey, InputStream content, long length) {
        }

        @Override
        public InputStream get(String remoteKey, long offset, long length) {
            return InputStream.nullInputStream();
        }

        @Override
        public long size(String remoteKey) {
            return -1;
        }

        @Override
        public void delete(String remoteKey) {
        }

        @Override
        public void verify() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
