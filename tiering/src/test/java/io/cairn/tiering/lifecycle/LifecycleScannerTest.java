package io.cairn.tiering.lifecycle;

import static io.cairn.tiering.lifecycle.Rules.config;
import static io.cairn.tiering.lifecycle.Rules.expireAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.RocksMetadataStore;
import io.cairn.meta.UploadRecord;
import io.cairn.meta.VersioningState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk: what the scanner hands to the actions, across keys, versions and page boundaries. */
class LifecycleScannerTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private RocksMetadataStore store;
    private final Map<String, LifecycleConfiguration> configs = new HashMap<>();
    private final Recorder actions = new Recorder();

    @BeforeEach
    void open() {
        store = RocksMetadataStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void currentVersionsMatchingADueRuleAreExpired() throws Exception {
        bucket("b", VersioningState.UNVERSIONED, config(expireAfter("r", "logs/", 1)));
        put("b", "logs/old", T0);
        put("b", "logs/new", T0.plusSeconds(100));
        put("b", "data/old", T0);

        PassReport report = pass(T0.plusSeconds(50), 1000);

        assertThat(actions.calls).containsExactly("expire b logs/old");
        assertThat(report.examined()).isEqualTo(3);
        assertThat(report.expired()).isEqualTo(1);
        assertThat(report.buckets()).isEqualTo(1);
    }

    @Test
    void noncurrentVersionsSeeTheirSuccessorsTimeAndHowManyNewerOnesThereAre() throws Exception {
        bucket("b", VersioningState.ENABLED, config(Rules.noncurrent("r", 1, 1)));
        put("b", "k", T0);                   // noncurrent since T0+20, one newer noncurrent: removed
        put("b", "k", T0.plusSeconds(20));   // noncurrent since T0+100 (not due at T0+105), none newer: kept
        put("b", "k", T0.plusSeconds(100));  // current

        pass(T0.plusSeconds(105), 1000);

        assertThat(actions.calls).containsExactly("noncurrent b k " + T0);
    }

    @Test
    void aLoneDeleteMarkerIsFoundAcrossPageBoundariesAndAMarkerWithVersionsIsNot() throws Exception {
        bucket("b", VersioningState.ENABLED, config(Rules.withFilter("r", Filter.ALL,
                new Expiration(null, null, true))));
        put("b", "a", T0);
        store.deleteObject("b", "a", T0.plusSeconds(1), "o");   // marker over a version: not alone
        store.deleteObject("b", "b", T0.plusSeconds(1), "o");   // alone
        put("b", "c", T0);
        store.deleteObject("b", "c", T0.plusSeconds(1), "o");
        store.deleteObject("b", "d", T0.plusSeconds(1), "o");   // alone, last in the bucket

        // A page of one entry: every marker's possible older version is on the next page.
        pass(T0.plusSeconds(5), 1);

        assertThat(actions.calls).containsExactly("marker b b", "marker b d");
    }

    @Test
    void incompleteUploadsAreAborted() throws Exception {
        bucket("b", VersioningState.UNVERSIONED, config(Rules.abortAfter("r", "tmp/", 1)));
        store.createUpload("b", new UploadRecord("tmp/x", "u1", T0, Map.of(), Map.of(), "o"));
        store.createUpload("b", new UploadRecord("tmp/y", "u2", T0.plusSeconds(100), Map.of(), Map.of(), "o"));
        store.createUpload("b", new UploadRecord("keep/z", "u3", T0, Map.of(), Map.of(), "o"));

        PassReport report = pass(T0.plusSeconds(50), 1);

        assertThat(actions.calls).containsExactly("abort b tmp/x u1");
        assertThat(report.uploadsAborted()).isEqualTo(1);
    }

    @Test
    void bucketsWithoutConfigurationAndDisabledRulesAreLeftAlone() throws Exception {
        bucket("none", VersioningState.UNVERSIONED, null);
        put("none", "k", T0);
        Rule off = new Rule("off", Rule.DISABLED, null, Filter.ALL, new Expiration(1, null, null), null, null, null,
                null);
        bucket("off", VersioningState.UNVERSIONED, config(off));
        put("off", "k", T0);

        PassReport report = pass(T0.plus(Duration.ofDays(9)), 1000);

        assertThat(actions.calls).isEmpty();
        assertThat(report.eventful()).isFalse();
    }

    @Test
    void skippedAndFailedActionsAreCountedAndTheWalkGoesOn() throws Exception {
        bucket("b", VersioningState.UNVERSIONED, config(expireAfter("r", "", 1)));
        put("b", "fails", T0);
        put("b", "raced", T0);
        put("b", "works", T0);
        actions.outcome.put("fails", null);
        actions.outcome.put("raced", false);

        PassReport report = pass(T0.plusSeconds(50), 1000);

        assertThat(report.failures()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.expired()).isEqualTo(1);
        assertThat(actions.calls).containsExactly("expire b fails", "expire b raced", "expire b works");
    }

    @Test
    void dueTransitionsAreCountedByWhatBecameOfThem() throws Exception {
        // A size condition, so the 1-byte test objects are not under the default transition minimum.
        Rule rule = new Rule("r", Rule.ENABLED, null, new Filter(null, null, 0L, null, null), null,
                List.of(new Transition(1, null, "COLD")), null, null, null);
        bucket("b", VersioningState.UNVERSIONED, config(rule));
        for (String key : List.of("deferred", "failed", "moved", "skipped")) {
            put("b", key, T0);
        }
        actions.transitions.put("deferred", TransitionResult.DEFERRED);
        actions.transitions.put("failed", TransitionResult.FAILED);
        actions.transitions.put("skipped", TransitionResult.SKIPPED);

        PassReport report = pass(T0.plusSeconds(50), 1000);

        assertThat(actions.calls).containsExactly("transition b deferred COLD", "transition b failed COLD",
                "transition b moved COLD", "transition b skipped COLD");
        assertThat(report.transitions()).isEqualTo(1);
        assertThat(report.transitionsDeferred()).isEqualTo(1);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.failures()).isEqualTo(1);
        assertThat(report.toJson()).contains("\"transitions\":1,\"transitionsDeferred\":1,");
    }

    @Test
    void theScannerThreadRunsAPassOnRequestAtTheConfiguredRate() throws Exception {
        bucket("b", VersioningState.UNVERSIONED, config(expireAfter("r", "", 1)));
        for (int i = 0; i < 40; i++) {
            put("b", "k" + i, T0);
        }
        try (LifecycleScanner scanner = new LifecycleScanner(store, this::evaluator, actions, 100,
                Duration.ofHours(1), Clock.fixed(T0.plusSeconds(50), ZoneOffset.UTC))) {
            scanner.start();
            long t0 = System.nanoTime();
            PassReport report = scanner.scanNow();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(report.expired()).isEqualTo(40);
            // 40 entries at 100 per second: at least about 0.4 s.
            assertThat(millis).isGreaterThanOrEqualTo(350);
            assertThat(scanner.scanNow().examined()).isEqualTo(40);
        }
    }

    private PassReport pass(Instant now, int pageSize) throws InterruptedException {
        Tally tally = new Tally();
        RateLimiter limiter = new RateLimiter(1_000_000);
        for (BucketRecord b : store.listBuckets()) {
            if (b.lifecycle() != null) {
                new BucketPass(store, this::evaluator, actions, limiter, Clock.fixed(now, ZoneOffset.UTC), tally,
                        () -> false, pageSize).run(b);
            }
        }
        return tally.report(Duration.ZERO);
    }

    private Optional<LifecycleEvaluator> evaluator(BucketRecord b) {
        return Optional.ofNullable(configs.get(b.name())).map(c -> new LifecycleEvaluator(c, DAY));
    }

    private void bucket(String name, VersioningState state, LifecycleConfiguration config) throws Exception {
        store.createBucket(name, "r", "o", T0);
        if (state != VersioningState.UNVERSIONED) {
            store.setVersioning(name, state);
        }
        if (config != null) {
            configs.put(name, config);
            store.updateBucket(name, b -> b.withLifecycle("<configured/>"));
        }
    }

    private void put(String bucket, String key, Instant at) throws MetadataException {
        store.putObject(bucket, new ObjectVersion(key, ObjectVersion.NULL_VERSION, false, 1, "e", at, Map.of(),
                Map.of(), null, new byte[] {1}, "o", List.of()), v -> true);
    }

    /**
     * Records what it is asked to do; {@link #outcome} makes a key's action fail (null) or find it changed,
     * {@link #transitions} says what a key's transition comes to (moved unless told).
     */
    private static final class Recorder implements LifecycleActions {
        final List<String> calls = new ArrayList<>();
        final Map<String, Boolean> outcome = new HashMap<>();
        final Map<String, TransitionResult> transitions = new HashMap<>();

        private boolean result(String key) {
            if (outcome.containsKey(key) && outcome.get(key) == null) {
                throw new IllegalStateException("disk on fire");
            }
            return outcome.getOrDefault(key, true);
        }

        @Override
        public boolean expireCurrent(BucketRecord bucket, ObjectVersion current) {
            calls.add("expire " + bucket.name() + " " + current.key());
            return result(current.key());
        }

        @Override
        public boolean removeNoncurrent(BucketRecord bucket, ObjectVersion version) {
            calls.add("noncurrent " + bucket.name() + " " + version.key() + " " + version.lastModified());
            return result(version.key());
        }

        @Override
        public boolean removeLoneDeleteMarker(BucketRecord bucket, ObjectVersion marker) {
            calls.add("marker " + bucket.name() + " " + marker.key());
            return result(marker.key());
        }

        @Override
        public boolean abortUpload(BucketRecord bucket, UploadRecord upload) {
            calls.add("abort " + bucket.name() + " " + upload.key() + " " + upload.uploadId());
            return result(upload.key());
        }

        @Override
        public TransitionResult transition(BucketRecord bucket, ObjectVersion version, String tier) {
            calls.add("transition " + bucket.name() + " " + version.key() + " " + tier);
            return transitions.getOrDefault(version.key(), TransitionResult.MOVED);
        }
    }
}
