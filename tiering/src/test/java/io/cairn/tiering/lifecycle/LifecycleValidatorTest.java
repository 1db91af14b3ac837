package io.cairn.tiering.lifecycle;

import static io.cairn.tiering.lifecycle.Rules.config;
import static io.cairn.tiering.lifecycle.Rules.expireAfter;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** S3's refusals of lifecycle configurations, each with the error code S3 answers. */
class LifecycleValidatorTest {
    private static final Instant MIDNIGHT = Instant.parse("2030-01-01T00:00:00Z");
    private static final Tag ENV = new Tag("env", "prod");

    private final LifecycleValidator validator = new LifecycleValidator(Set.of("COLD", "ARCHIVE")::contains);

    @Test
    void acceptsEveryElementKind() {
        Rule all = new Rule("all", Rule.ENABLED, null,
                new Filter(null, null, null, null, new Filter.And("logs/", List.of(ENV), 10L, 1000L)),
                new Expiration(365, null, null), List.of(new Transition(0, null, "COLD"),
                new Transition(30, null, "ARCHIVE")), new NoncurrentVersionExpiration(60, 3),
                List.of(new NoncurrentVersionTransition(0, null, "COLD")), null);
        Rule legacy = new Rule("legacy", Rule.DISABLED, "tmp/", null, null, null, null, null,
                new AbortIncompleteMultipartUpload(7));
        Rule markers = Rules.withFilter("markers", Filter.ALL, new Expiration(null, null, true));
        Rule dated = Rules.transitions("dated", new Expiration(null, MIDNIGHT.plusSeconds(86_400), null),
                new Transition(null, MIDNIGHT, "COLD"));
        Rule onlyTag = Rules.withFilter("tag", new Filter(null, new Tag("k", null), null, null, null),
                new Expiration(1, null, null));
        Rule sizes = Rules.withFilter("big", new Filter(null, null, 1024L, null, null), new Expiration(2, null, null));
        assertThatCode(() -> validator.validate(config(all, legacy, markers, dated, onlyTag, sizes)))
                .doesNotThrowAnyException();
    }

    @Test
    void ruleCountAndIds() {
        refused(new LifecycleConfiguration(List.of(), TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K),
                "MalformedXML");
        List<Rule> many = new ArrayList<>();
        for (int i = 0; i <= LifecycleConfiguration.MAX_RULES; i++) {
            many.add(expireAfter("r" + i, "p" + i, 1));
        }
        assertThatCode(() -> validator.validate(new LifecycleConfiguration(many.subList(0, 1000),
                TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K))).doesNotThrowAnyException();
        refused(new LifecycleConfiguration(many, TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K),
                "InvalidRequest");
        refused(config(expireAfter("same", "a", 1), expireAfter("same", "b", 2)), "InvalidArgument");
        refused(config(expireAfter("x".repeat(256), "a", 1)), "InvalidArgument");
        assertThatCode(() -> validator.validate(config(expireAfter("x".repeat(255), "a", 1))))
                .doesNotThrowAnyException();
    }

    @Test
    void statusAndScope() {
        Rule r = expireAfter("r", "a", 1);
        refused(config(new Rule("r", "enabled", null, Filter.ALL, r.expiration(), null, null, null, null)),
                "MalformedXML");
        refused(config(new Rule("r", Rule.ENABLED, "a", Filter.ALL, r.expiration(), null, null, null, null)),
                "MalformedXML");
        refused(config(new Rule("r", Rule.ENABLED, null, null, r.expiration(), null, null, null, null)),
                "MalformedXML");
        refused(config(new Rule("r", Rule.ENABLED, null, Filter.ALL, null, null, null, null, null)),
                "InvalidRequest");
    }

    @Test
    void filters() {
        Expiration e = new Expiration(1, null, null);
        refused(config(Rules.withFilter("r", new Filter("a", ENV, null, null, null), e)), "MalformedXML");
        refused(config(Rules.withFilter("r", new Filter(null, null, null, null,
                new Filter.And("a", List.of(), null, null)), e)), "MalformedXML");
        refused(config(Rules.withFilter("r", new Filter(null, null, null, null,
                new Filter.And(null, List.of(ENV, new Tag("env", "dev")), null, null)), e)), "InvalidRequest");
        refused(config(Rules.withFilter("r", new Filter("p".repeat(1025), null, null, null, null), e)),
                "InvalidRequest");
        refused(config(new Rule("r", Rule.ENABLED, "p".repeat(1025), null, e, null, null, null, null)),
                "InvalidRequest");
        refused(config(Rules.withFilter("r", new Filter(null, new Tag("k".repeat(129), "v"), null, null, null), e)),
                "InvalidRequest");
        refused(config(Rules.withFilter("r", new Filter(null, new Tag("k", "v".repeat(257)), null, null, null), e)),
                "InvalidRequest");
        refused(config(Rules.withFilter("r", new Filter(null, null, -1L, null, null), e)), "InvalidArgument");
        refused(config(Rules.withFilter("r", new Filter(null, null, null, null,
                new Filter.And(null, List.of(), 100L, 100L)), e)), "InvalidArgument");
    }

    @Test
    void expiration() {
        refused(config(Rules.withFilter("r", Filter.ALL, new Expiration(null, null, null))), "MalformedXML");
        refused(config(Rules.withFilter("r", Filter.ALL, new Expiration(1, MIDNIGHT, null))), "MalformedXML");
        refused(config(Rules.withFilter("r", Filter.ALL, new Expiration(1, null, true))), "MalformedXML");
        refused(config(Rules.withFilter("r", Filter.ALL, new Expiration(0, null, null))), "InvalidArgument");
        refused(config(Rules.withFilter("r", Filter.ALL, new Expiration(null, MIDNIGHT.plusSeconds(1), null))),
                "InvalidArgument");
        refused(config(Rules.withFilter("r", new Filter(null, ENV, null, null, null),
                new Expiration(null, null, true))), "InvalidRequest");
    }

    @Test
    void noncurrentAndUploads() {
        refused(config(Rules.noncurrent("r", 0, null)), "InvalidArgument");
        refused(config(Rules.noncurrent("r", 1, 0)), "InvalidArgument");
        refused(config(Rules.noncurrent("r", 1, 101)), "InvalidArgument");
        refused(config(new Rule("r", Rule.ENABLED, null, Filter.ALL, null, null,
                new NoncurrentVersionExpiration(null, 2), null, null)), "MalformedXML");
        refused(config(Rules.abortAfter("r", "", 0)), "InvalidArgument");
        refused(config(new Rule("r", Rule.ENABLED, null, new Filter(null, ENV, null, null, null), null, null, null,
                null, new AbortIncompleteMultipartUpload(1))), "InvalidRequest");
        refused(config(new Rule("r", Rule.ENABLED, null, new Filter(null, null, 5L, null, null), null, null, null,
                null, new AbortIncompleteMultipartUpload(1))), "InvalidRequest");
    }

    @Test
    void transitions() {
        refused(config(Rules.transitions("r", null, new Transition(1, null, "NOPE"))), "InvalidStorageClass");
        refused(config(Rules.transitions("r", null, new Transition(1, null, null))), "MalformedXML");
        refused(config(Rules.transitions("r", null, new Transition(1, MIDNIGHT, "COLD"))), "MalformedXML");
        refused(config(Rules.transitions("r", null, new Transition(null, null, "COLD"))), "MalformedXML");
        refused(config(Rules.transitions("r", null, new Transition(-1, null, "COLD"))), "InvalidArgument");
        refused(config(Rules.transitions("r", null, new Transition(1, null, "COLD"),
                new Transition(2, null, "COLD"))), "InvalidRequest");
        refused(config(Rules.transitions("r", null, new Transition(1, null, "COLD"),
                new Transition(null, MIDNIGHT, "ARCHIVE"))), "InvalidRequest");
        refused(config(Rules.transitions("r", new Expiration(null, MIDNIGHT, null),
                new Transition(1, null, "COLD"))), "InvalidRequest");
        refused(config(Rules.transitions("r", new Expiration(30, null, null), new Transition(30, null, "COLD"))),
                "InvalidArgument");
        refused(config(Rules.transitions("r", new Expiration(null, MIDNIGHT, null),
                new Transition(null, MIDNIGHT, "COLD"))), "InvalidArgument");
        refused(config(new Rule("r", Rule.ENABLED, null, Filter.ALL, null, null,
                new NoncurrentVersionExpiration(5, null), List.of(new NoncurrentVersionTransition(5, null, "COLD")),
                null)), "InvalidArgument");
        refused(config(new Rule("r", Rule.ENABLED, null, Filter.ALL, null, null, null,
                List.of(new NoncurrentVersionTransition(1, null, "NOPE")), null)), "InvalidStorageClass");
        refused(config(new Rule("r", Rule.ENABLED, null, Filter.ALL, null, null, null,
                List.of(new NoncurrentVersionTransition(-1, null, "COLD")), null)), "InvalidArgument");
    }

    private void refused(LifecycleConfiguration c, String code) {
        assertThatThrownBy(() -> validator.validate(c)).isInstanceOfSatisfying(LifecycleException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
