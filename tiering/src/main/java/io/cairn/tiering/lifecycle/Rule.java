package io.cairn.tiering.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * One {@code <Rule>} of a lifecycle configuration, in S3's shape. It selects objects either with {@code filter}
 * or with the legacy rule-level {@code prefix} (exactly one of them is given; the other is null) and names the
 * actions to take. Absent actions are null (lists: empty).
 *
 * @param id     the rule's ID (the server generates one when the client gives none)
 * @param status "Enabled" or "Disabled" (anything else is refused by {@link LifecycleValidator})
 */
public record Rule(String id, String status, String prefix, Filter filter, Expiration expiration,
                   List<Transition> transitions, NoncurrentVersionExpiration noncurrentVersionExpiration,
                   List<NoncurrentVersionTransition> noncurrentVersionTransitions,
                   AbortIncompleteMultipartUpload abortIncompleteMultipartUpload) {

    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";

    public Rule {
        transitions = transitions == null ? List.of() : List.copyOf(transitions);
        noncurrentVersionTransitions = noncurrentVersionTransitions == null ? List.of()
                : List.copyOf(noncurrentVersionTransitions);
    }

    public boolean enabled() {
        return ENABLED.equals(status);
    }

    /** A copy with another ID. */
    public Rule withId(String newId) {
        return new Rule(newId, status, prefix, filter, expiration, transitions, noncurrentVersionExpiration,
                noncurrentVersionTransitions, abortIncompleteMultipartUpload);
    }

    /** Whether an object (or delete marker: size 0, no tags) with this key, size and tags is selected. */
    boolean matches(String key, long size, Map<String, String> tags) {
        if (filter != null) {
            return filter.matches(key, size, tags);
        }
        return prefix == null || key.startsWith(prefix);
    }

    /** The key prefix every selected object has ("" when none). */
    String keyPrefix() {
        if (filter != null) {
            return filter.keyPrefix();
        }
        return prefix == null ? "" : prefix;
    }

    List<Tag> tagConditions() {
        return filter == null ? List.of() : filter.tags();
    }

    boolean hasSizeCondition() {
        return filter != null && filter.hasSizeCondition();
    }

    boolean hasAction() {
        return expiration != null || !transitions.isEmpty() || noncurrentVersionExpiration != null
                || !noncurrentVersionTransitions.isEmpty() || abortIncompleteMultipartUpload != null;
    }
}
