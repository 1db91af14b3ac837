package io.cairn.tiering.lifecycle;

import static io.cairn.tiering.lifecycle.Rules.config;
import static io.cairn.tiering.lifecycle.Rules.expireAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.UploadRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is due when: S3's day rounding with a real day, exact arithmetic with a test day, filters, precedence. */
class LifecycleEvaluatorTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant CREATED = Instant.parse("2020-01-01T10:30:00Z");
    private static final LifecycleAction EXPIRE = new LifecycleAction.Expire("r");

    @Test
    void daysCountFromCreationAndRoundUpToTheNextMidnight() {
        LifecycleEvaluator e = new LifecycleEvaluator(config(expireAfter("r", "", 3)), DAY);
        ObjectVersion v = object("k", 10, CREATED, Map.of());
        assertThat(e.expiry(v)).contains(new Expiry(Instant.parse("2020-01-05T00:00:00Z"), "r"));
        assertThat(e.current(v, Instant.parse("2020-01-04T23:59:59Z"))).isEmpty();
        assertThat(e.current(v, Instant.parse("2020-01-05T00:00:00Z"))).contains(EXPIRE);
        // Created at midnight: still the midnight after the last day.
        assertThat(e.expiry(object("k", 10, Instant.parse("2020-01-01T00:00:00Z"), Map.of())).orElseThrow().date())
                .isEqualTo(Instant.parse("2020-01-05T00:00:00Z"));
    }

    @Test
    void aShortTestDayIsExactWithoutRounding() {
        LifecycleEvaluator e = new LifecycleEvaluator(config(expireAfter("r", "", 3)), Duration.ofSeconds(2));
        ObjectVersion v = object("k", 10, CREATED, Map.of());
        assertThat(e.expiry(v).orElseThrow().date()).isEqualTo(CREATED.plusSeconds(6));
        assertThat(e.current(v, CREATED.plusMillis(5999))).isEmpty();
        assertThat(e.current(v, CREATED.plusSeconds(6))).contains(EXPIRE);
    }

    @Test
    void aDateExpiresEverythingSelectedFromThatMidnightOn() {
        Instant date = Instant.parse("2021-06-01T00:00:00Z");
        LifecycleEvaluator e = new LifecycleEvaluator(config(Rules.withFilter("r", Filter.ALL,
                new Expiration(null, date, null))), DAY);
        ObjectVersion later = object("k", 1, date.plusSeconds(3600), Map.of());
        assertThat(e.expiry(later)).contains(new Expiry(date, "r"));
        assertThat(e.current(later, date.plusSeconds(7200))).contains(EXPIRE);
        assertThat(e.current(object("k", 1, CREATED, Map.of()), date.minusSeconds(1))).isEmpty();
    }

    @Test
    void theEarliestExpiryWinsAndDisabledRulesDoNothing() {
        Rule disabled = new Rule("off", Rule.DISABLED, null, Filter.ALL, new Expiration(1, null, null), null, null,
                null, null);
        LifecycleEvaluator e = new LifecycleEvaluator(config(expireAfter("late", "", 10), disabled,
                expireAfter("soon", "k", 2)), DAY);
        assertThat(e.expiry(object("k", 1, CREATED, Map.of())).orElseThrow().ruleId()).isEqualTo("soon");
        LifecycleEvaluator off = new LifecycleEvaluator(config(disabled), DAY);
        assertThat(off.expiry(object("k", 1, CREATED, Map.of()))).isEmpty();
        assertThat(off.current(object("k", 1, CREATED, Map.of()), CREATED.plus(Duration.ofDays(100)))).isEmpty();
        assertThat(off.actsOnVersions()).isFalse();
    }

    @Test
    void filtersSelectByPrefixTagsAndSize() {
        Expiration oneDay = new Expiration(1, null, null);
        Instant later = CREATED.plus(Duration.ofDays(5));
        LifecycleEvaluator byPrefix = new LifecycleEvaluator(config(expireAfter("r", "logs/", 1)), DAY);
        assertThat(byPrefix.current(object("logs/a", 1, CREATED, Map.of()), later)).contains(EXPIRE);
        assertThat(byPrefix.current(object("data/a", 1, CREATED, Map.of()), later)).isEmpty();

        LifecycleEvaluator byTags = new LifecycleEvaluator(config(Rules.withFilter("r", new Filter(null, null, null,
                null, new Filter.And("x/", List.of(new Tag("a", "1"), new Tag("b", null)), null, null)), oneDay)), DAY);
        assertThat(byTags.current(object("x/k", 1, CREATED, Map.of("a", "1", "b", "", "c", "3")), later))
                .contains(EXPIRE);
        assertThat(byTags.current(object("x/k", 1, CREATED, Map.of("a", "1", "b", "2")), later)).isEmpty();
        assertThat(byTags.current(object("x/k", 1, CREATED, Map.of("a", "1")), later)).isEmpty();
        assertThat(byTags.current(object("y/k", 1, CREATED, Map.of("a", "1", "b", "")), later)).isEmpty();

        LifecycleEvaluator bySize = new LifecycleEvaluator(config(Rules.withFilter("r", new Filter(null, null, null,
                null, new Filter.And(null, List.of(), 100L, 200L)), oneDay)), DAY);
        assertThat(bySize.current(object("k", 150, CREATED, Map.of()), later)).contains(EXPIRE);
        assertThat(bySize.current(object("k", 100, CREATED, Map.of()), later)).isEmpty();
        assertThat(bySize.current(object("k", 200, CREATED, Map.of()), later)).isEmpty();
    }

    @Test
    void transitionsTakeTheLatestStageDueAndYieldToExpiration() {
        LifecycleEvaluator e = new LifecycleEvaluator(config(Rules.transitions("r", new Expiration(30, null, null),
                new Transition(0, null, "WARM"), new Transition(10, null, "COLD"))), DAY);
        ObjectVersion big = object("k", 1 << 20, CREATED, Map.of());
        assertThat(e.current(big, CREATED.plusSeconds(3600))).isEmpty();
        assertThat(e.current(big, Instant.parse("2020-01-02T00:00:00Z")))
                .contains(new LifecycleAction.TransitionTo("r", "WARM"));
        assertThat(e.current(big, Instant.parse("2020-01-12T00:00:00Z")))
                .contains(new LifecycleAction.TransitionTo("r", "COLD"));
        assertThat(e.current(big, Instant.parse("2020-02-01T00:00:00Z"))).contains(EXPIRE);
        // Already moved: not moved again, but still expires.
        ObjectVersion moved = big.withLocation(Map.of("tier", "WARM"), null, null, List.of());
        assertThat(e.current(moved, Instant.parse("2020-01-12T00:00:00Z"))).isEmpty();
        assertThat(e.current(moved, Instant.parse("2020-02-01T00:00:00Z"))).contains(EXPIRE);
    }

    @Test
    void objectsUnder128KiBStayUnlessTheFilterNamesASize() {
        Instant later = CREATED.plus(Duration.ofDays(3));
        LifecycleEvaluator e = new LifecycleEvaluator(config(Rules.transitions("r", null,
                new Transition(1, null, "COLD"))), DAY);
        assertThat(e.current(object("k", 128 * 1024 - 1, CREATED, Map.of()), later)).isEmpty();
        assertThat(e.current(object("k", 128 * 1024, CREATED, Map.of()), later)).isPresent();
        LifecycleEvaluator sized = new LifecycleEvaluator(config(new Rule("r", Rule.ENABLED, null,
                new Filter(null, null, 0L, null, null), null, List.of(new Transition(1, null, "COLD")), null, null,
                null)), DAY);
        assertThat(sized.current(object("k", 1, CREATED, Map.of()), later))
                .contains(new LifecycleAction.TransitionTo("r", "COLD"));
    }

    @Test
    void noncurrentVersionsCountFromTheirSuccessorAndKeepTheNewest() {
        Duration day = Duration.ofSeconds(1);
        LifecycleEvaluator e = new LifecycleEvaluator(config(Rules.noncurrent("r", 2, 2)), day);
        ObjectVersion old = object("k", 1, CREATED, Map.of());
        Instant since = CREATED.plusSeconds(100);
        assertThat(e.noncurrent(old, since, 2, since.plusMillis(1999))).isEmpty();
        assertThat(e.noncurrent(old, since, 2, since.plusSeconds(2))).contains(EXPIRE);
        assertThat(e.noncurrent(old, since, 1, since.plusSeconds(100))).isEmpty();

        LifecycleEvaluator any = new LifecycleEvaluator(config(Rules.noncurrent("r", 1, null)), day);
        ObjectVersion marker = marker("k", CREATED);
        assertThat(any.noncurrent(marker, since, 0, since.plusSeconds(1))).contains(EXPIRE);
    }

    @Test
    void aLoneDeleteMarkerGoesByExpiredObjectDeleteMarkerOrByAgeUnderADaysRule() {
        Instant now = CREATED.plusSeconds(60);
        ObjectVersion m = marker("logs/k", CREATED);
        LifecycleEvaluator flag = new LifecycleEvaluator(config(Rules.withFilter("r", new Filter("logs/", null, null,
                null, null), new Expiration(null, null, true))), DAY);
        assertThat(flag.loneDeleteMarker(m, now)).contains(EXPIRE);
        assertThat(flag.loneDeleteMarker(marker("data/k", CREATED), now)).isEmpty();
        assertThat(flag.current(m, now)).isEmpty();

        LifecycleEvaluator off = new LifecycleEvaluator(config(Rules.withFilter("r", Filter.ALL,
                new Expiration(null, null, false))), DAY);
        assertThat(off.loneDeleteMarker(m, now)).isEmpty();

        LifecycleEvaluator days = new LifecycleEvaluator(config(expireAfter("r", "", 2)), DAY);
        assertThat(days.loneDeleteMarker(m, now)).isEmpty();
        assertThat(days.loneDeleteMarker(m, Instant.parse("2020-01-04T00:00:00Z"))).contains(EXPIRE);
    }

    @Test
    void uploadsAreAbortedDaysAfterInitiation() {
        LifecycleEvaluator e = new LifecycleEvaluator(config(Rules.abortAfter("r", "tmp/", 1)), Duration.ofSeconds(1));
        UploadRecord u = new UploadRecord("tmp/big", "id", CREATED, Map.of(), Map.of(), "o");
        assertThat(e.actsOnUploads()).isTrue();
        assertThat(e.actsOnVersions()).isFalse();
        assertThat(e.upload(u, CREATED.plusMillis(999))).isEmpty();
        assertThat(e.upload(u, CREATED.plusSeconds(1))).contains(EXPIRE);
        assertThat(e.upload(new UploadRecord("big", "id", CREATED, Map.of(), Map.of(), "o"), CREATED.plusSeconds(9)))
                .isEqualTo(Optional.empty());
    }

    static ObjectVersion object(String key, long size, Instant created, Map<String, String> tags) {
        return new ObjectVersion(key, "v-" + key, false, size, "etag", created, Map.of(), Map.of(), "data", null, "o",
                List.of(), Map.of(), tags, Map.of());
    }

    static ObjectVersion marker(String key, Instant created) {
        return new ObjectVersion(key, "m-" + key, true, 0, "", created, Map.of(), Map.of(), null, null, "o",
                List.of());
    }
}
