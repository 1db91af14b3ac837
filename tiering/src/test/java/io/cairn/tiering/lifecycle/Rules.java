package io.cairn.tiering.lifecycle;

import java.util.List;

/** Short builders for lifecycle rules in tests. */
final class Rules {
    private Rules() {
    }

    static Rule expireAfter(String id, String prefix, int days) {
        return new Rule(id, Rule.ENABLED, null, new Filter(prefix, null, null, null, null),
                new Expiration(days, null, null), null, null, null, null);
    }

    static Rule withFilter(String id, Filter filter, Expiration expiration) {
        return new Rule(id, Rule.ENABLED, null, filter, expiration, null, null, null, null);
    }

    static Rule noncurrent(String id, int days, Integer newer) {
        return new Rule(id, Rule.ENABLED, null, Filter.ALL, null, null,
                new NoncurrentVersionExpiration(days, newer), null, null);
    }

    static Rule transitions(String id, Expiration expiration, Transition... transitions) {
        return new Rule(id, Rule.ENABLED, null, Filter.ALL, expiration, List.of(transitions), null, null, null);
    }

    static Rule abortAfter(String id, String prefix, int days) {
        return new Rule(id, Rule.ENABLED, null, new Filter(prefix, null, null, null, null), null, null, null, null,
                new AbortIncompleteMultipartUpload(days));
    }

    static LifecycleConfiguration config(Rule... rules) {
        return new LifecycleConfiguration(List.of(rules), TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K);
    }
}
