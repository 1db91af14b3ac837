package io.cairn.tiering.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * The {@code <Filter>} of a rule, as S3 shapes it: at most one of Prefix, Tag, ObjectSizeGreaterThan,
 * ObjectSizeLessThan and And (none: every object). Fields not given are null; {@link LifecycleValidator} refuses
 * the combinations S3 refuses.
 */
public record Filter(String prefix, Tag tag, Long objectSizeGreaterThan, Long objectSizeLessThan, And and) {

    /** An empty {@code <Filter/>}: the rule applies to every object. */
    public static final Filter ALL = new Filter(null, null, null, null, null);

    /** {@code <And>}: every condition given must hold. */
    public record And(String prefix, List<Tag> tags, Long objectSizeGreaterThan, Long objectSizeLessThan) {
        public And {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        int conditions() {
            return (prefix == null ? 0 : 1) + tags.size() + (objectSizeGreaterThan == null ? 0 : 1)
                    + (objectSizeLessThan == null ? 0 : 1);
        }
    }

    /** How many of the mutually exclusive members are given. */
    int members() {
        return (prefix == null ? 0 : 1) + (tag == null ? 0 : 1) + (objectSizeGreaterThan == null ? 0 : 1)
                + (objectSizeLessThan == null ? 0 : 1) + (and == null ? 0 : 1);
    }

    boolean matches(String key, long size, Map<String, String> tags) {
        if (and != null) {
            return startsWith(key, and.prefix()) && hasAll(tags, and.tags())
                    && sizeFits(size, and.objectSizeGreaterThan(), and.objectSizeLessThan());
        }
        return startsWith(key, prefix) && (tag == null || hasAll(tags, List.of(tag)))
                && sizeFits(size, objectSizeGreaterThan, objectSizeLessThan);
    }

    /** The key prefix every matching object has ("" when the filter names none). */
    String keyPrefix() {
        String p = and != null ? and.prefix() : prefix;
        return p == null ? "" : p;
    }

    List<Tag> tags() {
        if (and != null) {
            return and.tags();
        }
        return tag == null ? List.of() : List.of(tag);
    }

    boolean hasSizeCondition() {
        return objectSizeGreaterThan != null || objectSizeLessThan != null
                || and != null && (and.objectSizeGreaterThan() != null || and.objectSizeLessThan() != null);
    }

    private static boolean startsWith(String key, String p) {
        return p == null || key.startsWith(p);
    }

    private static boolean hasAll(Map<String, String> objectTags, List<Tag> wanted) {
        for (Tag t : wanted) {
            if (!t.value().equals(objectTags.get(t.key()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sizeFits(long size, Long greaterThan, Long lessThan) {
        return (greaterThan == null || size > greaterThan) && (lessThan == null || size < lessThan);
    }
}
