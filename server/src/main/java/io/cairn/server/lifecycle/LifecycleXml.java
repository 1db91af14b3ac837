package io.cairn.server.lifecycle;

import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;
import io.cairn.tiering.lifecycle.AbortIncompleteMultipartUpload;
import io.cairn.tiering.lifecycle.Expiration;
import io.cairn.tiering.lifecycle.Filter;
import io.cairn.tiering.lifecycle.LifecycleConfiguration;
import io.cairn.tiering.lifecycle.NoncurrentVersionExpiration;
import io.cairn.tiering.lifecycle.NoncurrentVersionTransition;
import io.cairn.tiering.lifecycle.Rule;
import io.cairn.tiering.lifecycle.Tag;
import io.cairn.tiering.lifecycle.Transition;
import io.cairn.tiering.lifecycle.TransitionDefaultMinimumObjectSize;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The S3 XML of a lifecycle configuration, both ways. Reading follows S3's schema strictly: an unknown element, a
 * single element given twice, or a value that is not a number, boolean or date where one belongs is MalformedXML.
 * Everything S3 checks beyond the schema is {@code LifecycleValidator}'s. The stored form is the response form
 * plus the transition default minimum size (a header, not part of S3's document).
 */
public final class LifecycleXml {
    private static final String ROOT = "LifecycleConfiguration";
    private static final String STORED_MINIMUM_SIZE = "TransitionDefaultMinimumObjectSize";

    private LifecycleXml() {
    }

    /**
     * A configuration sent by a client.
     *
     * @param minimumSize the x-amz-transition-default-minimum-object-size the request named (or the default)
     * @throws S3Exception MalformedXML
     */
    public static LifecycleConfiguration fromRequest(byte[] body, TransitionDefaultMinimumObjectSize minimumSize) {
        XmlNode root = XmlParser.parse(body, ROOT);
        return new LifecycleConfiguration(rules(root, Set.of("Rule")), minimumSize);
    }

    /** A configuration as {@link #toStored} wrote it. */
    public static LifecycleConfiguration fromStored(String xml) {
        XmlNode root = XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8), ROOT);
        String size = single(root, STORED_MINIMUM_SIZE) == null ? null : text(single(root, STORED_MINIMUM_SIZE));
        TransitionDefaultMinimumObjectSize minimumSize = TransitionDefaultMinimumObjectSize.fromWireName(size);
        return new LifecycleConfiguration(rules(root, Set.of("Rule", STORED_MINIMUM_SIZE)),
                minimumSize == null ? TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K : minimumSize);
    }

    /** The GetBucketLifecycleConfiguration document. */
    public static byte[] toResponse(LifecycleConfiguration config) {
        return write(config).end().toBytes();
    }

    /** What BucketRecord.lifecycle keeps. */
    public static String toStored(LifecycleConfiguration config) {
        byte[] xml = write(config).element(STORED_MINIMUM_SIZE, config.transitionMinimumSize().wireName()).end()
                .toBytes();
        return new String(xml, StandardCharsets.UTF_8);
    }

    // ---- reading ----

    private static List<Rule> rules(XmlNode root, Set<String> allowed) {
        requireOnly(root, allowed);
        List<Rule> rules = new ArrayList<>();
        for (XmlNode r : root.all("Rule")) {
            requireOnly(r, Set.of("ID", "Prefix", "Filter", "Status", "Expiration", "Transition",
                    "NoncurrentVersionTransition", "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload"));
            String id = optionalText(r, "ID");
            List<Transition> transitions = new ArrayList<>();
            for (XmlNode t : r.all("Transition")) {
                requireOnly(t, Set.of("Days", "Date", "StorageClass"));
                transitions.add(new Transition(integer(t, "Days"), date(t, "Date"), optionalText(t, "StorageClass")));
            }
            List<NoncurrentVersionTransition> noncurrentTransitions = new ArrayList<>();
            for (XmlNode t : r.all("NoncurrentVersionTransition")) {
                requireOnly(t, Set.of("NoncurrentDays", "NewerNoncurrentVersions", "StorageClass"));
                noncurrentTransitions.add(new NoncurrentVersionTransition(integer(t, "NoncurrentDays"),
                        integer(t, "NewerNoncurrentVersions"), optionalText(t, "StorageClass")));
            }
            rules.add(new Rule(id == null || id.isEmpty() ? null : id, optionalText(r, "Status"),
                    optionalText(r, "Prefix"), filter(single(r, "Filter")), expiration(single(r, "Expiration")),
                    transitions, noncurrentExpiration(single(r, "NoncurrentVersionExpiration")),
                    noncurrentTransitions, abort(single(r, "AbortIncompleteMultipartUpload"))));
        }
        return rules;
    }

    private static Filter filter(XmlNode f) {
        if (f == null) {
            return null;
        }
        requireOnly(f, Set.of("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan", "And"));
        XmlNode and = single(f, "And");
        Filter.And parsedAnd = null;
        if (and != null) {
            requireOnly(and, Set.of("Prefix", "Tag", "ObjectSizeGreaterThan", "ObjectSizeLessThan"));
            List<Tag> tags = new ArrayList<>();
            for (XmlNode t : and.all("Tag")) {
                tags.add(tag(t));
            }
            parsedAnd = new Filter.And(optionalText(and, "Prefix"), tags, longValue(and, "ObjectSizeGreaterThan"),
                    longValue(and, "ObjectSizeLessThan"));
        }
        XmlNode tag = single(f, "Tag");
        return new Filter(optionalText(f, "Prefix"), tag == null ? null : tag(tag),
                longValue(f, "ObjectSizeGreaterThan"), longValue(f, "ObjectSizeLessThan"), parsedAnd);
    }

    private static Tag tag(XmlNode t) {
        requireOnly(t, Set.of("Key", "Value"));
        return new Tag(optionalText(t, "Key"), optionalText(t, "Value"));
    }

    private static Expiration expiration(XmlNode e) {
        if (e == null) {
            return null;
        }
        requireOnly(e, Set.of("Days", "Date", "ExpiredObjectDeleteMarker"));
        return new Expiration(integer(e, "Days"), date(e, "Date"), bool(e, "ExpiredObjectDeleteMarker"));
    }

    private static NoncurrentVersionExpiration noncurrentExpiration(XmlNode e) {
        if (e == null) {
            return null;
        }
        requireOnly(e, Set.of("NoncurrentDays", "NewerNoncurrentVersions"));
        return new NoncurrentVersionExpiration(integer(e, "NoncurrentDays"), integer(e, "NewerNoncurrentVersions"));
    }

    private static AbortIncompleteMultipartUpload abort(XmlNode a) {
        if (a == null) {
            return null;
        }
        requireOnly(a, Set.of("DaysAfterInitiation"));
        return new AbortIncompleteMultipartUpload(integer(a, "DaysAfterInitiation"));
    }

    /** Only these children; those S3's schema has once (all but Rule, Tag, the transitions) at most once. */
    private static void requireOnly(XmlNode node, Set<String> allowed) {
        for (XmlNode c : node.children()) {
            if (!allowed.contains(c.name())) {
                throw malformed();
            }
        }
    }

    /** The one child of that name, or null; twice is malformed. */
    private static XmlNode single(XmlNode parent, String name) {
        List<XmlNode> found = parent.all(name);
        if (found.size() > 1) {
            throw malformed();
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(XmlNode leaf) {
        if (!leaf.children().isEmpty()) {
            throw malformed();
        }
        return leaf.text();
    }

    /** A leaf's exact text (prefixes, IDs and tags may begin or end with spaces), or null when absent. */
    private static String optionalText(XmlNode parent, String name) {
        XmlNode n = single(parent, name);
        return n == null ? null : text(n);
    }

    private static Integer integer(XmlNode parent, String name) {
        String s = optionalText(parent, name);
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private static Long longValue(XmlNode parent, String name) {
        String s = optionalText(parent, name);
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw malformed();
        }
    }

    private static Boolean bool(XmlNode parent, String name) {
        String s = optionalText(parent, name);
        if (s == null) {
            return null;
        }
        return switch (s.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed();
        };
    }

    /** ISO 8601 as SDKs send it: with zone or offset, or a plain date-time or date taken as UTC. */
    private static Instant date(XmlNode parent, String name) {
        String s = optionalText(parent, name);
        if (s == null) {
            return null;
        }
        String v = s.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw malformed();
                }
            }
        }
    }

    private static S3Exception malformed() {
        return new S3Exception(S3Error.MALFORMED_XML);
    }

    // ---- writing ----

    private static XmlWriter write(LifecycleConfiguration config) {
        XmlWriter w = new XmlWriter().root(ROOT);
        for (Rule r : config.rules()) {
            w.start("Rule").element("ID", r.id());
            if (r.filter() != null) {
                writeFilter(w, r.filter());
            } else {
                w.element("Prefix", r.prefix());
            }
            w.element("Status", r.status());
            for (Transition t : r.transitions()) {
                w.start("Transition");
                writeDays(w, "Days", t.days()).element("Date", t.date() == null ? null : S3Time.iso(t.date()))
                        .element("StorageClass", t.storageClass()).end();
            }
            for (NoncurrentVersionTransition t : r.noncurrentVersionTransitions()) {
                w.start("NoncurrentVersionTransition");
                writeDays(w, "NoncurrentDays", t.noncurrentDays()).element("StorageClass", t.storageClass());
                writeDays(w, "NewerNoncurrentVersions", t.newerNoncurrentVersions()).end();
            }
            Expiration e = r.expiration();
            if (e != null) {
                w.start("Expiration");
                writeDays(w, "Days", e.days()).element("Date", e.date() == null ? null : S3Time.iso(e.date()));
                if (e.expiredObjectDeleteMarker() != null) {
                    w.element("ExpiredObjectDeleteMarker", e.expiredObjectDeleteMarker());
                }
                w.end();
            }
            NoncurrentVersionExpiration n = r.noncurrentVersionExpiration();
            if (n != null) {
                w.start("NoncurrentVersionExpiration");
                writeDays(w, "NoncurrentDays", n.noncurrentDays());
                writeDays(w, "NewerNoncurrentVersions", n.newerNoncurrentVersions()).end();
            }
            if (r.abortIncompleteMultipartUpload() != null) {
                w.start("AbortIncompleteMultipartUpload");
                writeDays(w, "DaysAfterInitiation", r.abortIncompleteMultipartUpload().daysAfterInitiation()).end();
            }
            w.end();
        }
        return w;
    }

    private static void writeFilter(XmlWriter w, Filter f) {
        w.start("Filter").element("Prefix", f.prefix());
        if (f.tag() != null) {
            writeTag(w, f.tag());
        }
        writeSize(w, "ObjectSizeGreaterThan", f.objectSizeGreaterThan());
        writeSize(w, "ObjectSizeLessThan", f.objectSizeLessThan());
        Filter.And and = f.and();
        if (and != null) {
            w.start("And").element("Prefix", and.prefix());
            and.tags().forEach(t -> writeTag(w, t));
            writeSize(w, "ObjectSizeGreaterThan", and.objectSizeGreaterThan());
            writeSize(w, "ObjectSizeLessThan", and.objectSizeLessThan()).end();
        }
        w.end();
    }

    private static void writeTag(XmlWriter w, Tag t) {
        w.start("Tag").element("Key", t.key()).element("Value", t.value()).end();
    }

    private static XmlWriter writeDays(XmlWriter w, String name, Integer value) {
        return value == null ? w : w.element(name, value.longValue());
    }

    private static XmlWriter writeSize(XmlWriter w, String name, Long value) {
        return value == null ? w : w.element(name, value.longValue());
    }
}
