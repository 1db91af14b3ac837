package io.cairn.tiering.lifecycle;

import java.util.List;
import java.util.Objects;

/**
 * A bucket's lifecycle configuration: its rules in the order given, and the default minimum object size for
 * transitions (S3's x-amz-transition-default-minimum-object-size, a header beside the XML).
 */
public record LifecycleConfiguration(List<Rule> rules, TransitionDefaultMinimumObjectSize transitionMinimumSize) {

    /** At most this many rules, as in S3. */
    public static final int MAX_RULES = 1000;

    public LifecycleConfiguration {
        rules = rules == null ? List.of() : List.copyOf(rules);
        Objects.requireNonNull(transitionMinimumSize, "transitionMinimumSize");
    }
}
