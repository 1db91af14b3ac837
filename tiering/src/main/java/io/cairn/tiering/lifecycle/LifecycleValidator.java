package io.cairn.tiering.lifecycle;

import static io.cairn.tiering.lifecycle.LifecycleException.INVALID_ARGUMENT;
import static io.cairn.tiering.lifecycle.LifecycleException.INVALID_REQUEST;
import static io.cairn.tiering.lifecycle.LifecycleException.INVALID_STORAGE_CLASS;
import static io.cairn.tiering.lifecycle.LifecycleException.MALFORMED_XML;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * S3's rules for a lifecycle configuration, with the error S3 answers for each. Structural mistakes (an element
 * missing, two where one is allowed, a choice made twice) are MalformedXML; values out of range InvalidArgument;
 * combinations S3 forbids InvalidRequest; a transition to a tier that does not exist InvalidStorageClass. The
 * first problem in document order is reported.
 */
public final class LifecycleValidator {
    static final String MALFORMED_MESSAGE =
            "The XML you provided was not well-formed or did not validate against our published schema";
    private static final int MAX_ID_LENGTH = 255;
    private static final int MAX_PREFIX_LENGTH = 1024;
    private static final int MAX_TAG_KEY_LENGTH = 128;
    private static final int MAX_TAG_VALUE_LENGTH = 256;
    private static final int MAX_NEWER_NONCURRENT_VERSIONS = 100;
    /** S3's largest object, the largest size a filter may name. */
    private static final long MAX_FILTER_SIZE = 5L << 40;

    private final Predicate<String> tierExists;

    /** @param tierExists whether a tier of that name is defined (the storage classes transitions may name) */
    public LifecycleValidator(Predicate<String> tierExists) {
        this.tierExists = tierExists;
    }

    public void validate(LifecycleConfiguration config) throws LifecycleException {
        List<Rule> rules = config.rules();
        if (rules.isEmpty()) {
            throw malformed();
        }
        if (rules.size() > LifecycleConfiguration.MAX_RULES) {
            throw new LifecycleException(INVALID_REQUEST, "The number of lifecycle rules should not exceed allowed "
                    + "limit of " + LifecycleConfiguration.MAX_RULES + " rules");
        }
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            validate(rule);
            if (rule.id() != null && !ids.add(rule.id())) {
                throw new LifecycleException(INVALID_ARGUMENT,
                        "Rule ID must be unique. Found same ID for more than one rule");
            }
        }
    }

    private void validate(Rule rule) throws LifecycleException {
        if (rule.id() != null && rule.id().length() > MAX_ID_LENGTH) {
            throw new LifecycleException(INVALID_ARGUMENT, "ID length should not exceed allowed limit of "
                    + MAX_ID_LENGTH);
        }
        if (!Rule.ENABLED.equals(rule.status()) && !Rule.DISABLED.equals(rule.status())) {
            throw malformed();
        }
        if ((rule.prefix() == null) == (rule.filter() == null)) {
            throw malformed();
        }
        checkPrefix(rule.prefix());
        if (rule.filter() != null) {
            checkFilter(rule.filter());
        }
        if (!rule.hasAction()) {
            throw new LifecycleException(INVALID_REQUEST, "At least one action needs to be specified in a rule");
        }
        String scope = "filter '(prefix=" + rule.keyPrefix() + ")'";
        if (rule.expiration() != null) {
            checkExpiration(rule, rule.expiration());
        }
        checkTransitions(rule, scope);
        if (rule.noncurrentVersionExpiration() != null) {
            NoncurrentVersionExpiration e = rule.noncurrentVersionExpiration();
            if (e.noncurrentDays() == null) {
                throw malformed();
            }
            if (e.noncurrentDays() < 1) {
                throw new LifecycleException(INVALID_ARGUMENT,
                        "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer");
            }
            checkNewerNoncurrent(e.newerNoncurrentVersions(), "NoncurrentVersionExpiration");
        }
        checkNoncurrentTransitions(rule, scope);
        if (rule.abortIncompleteMultipartUpload() != null) {
            Integer days = rule.abortIncompleteMultipartUpload().daysAfterInitiation();
            if (days == null) {
                throw malformed();
            }
            if (days < 1) {
                throw new LifecycleException(INVALID_ARGUMENT,
                        "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer");
            }
            // An upload has neither tags nor a size yet.
            if (!rule.tagConditions().isEmpty()) {
                throw new LifecycleException(INVALID_REQUEST,
                        "AbortIncompleteMultipartUpload cannot be specified with Tags.");
            }
            if (rule.hasSizeCondition()) {
                throw new LifecycleException(INVALID_REQUEST,
                        "AbortIncompleteMultipartUpload cannot be specified with an object size filter.");
            }
        }
    }

    private static void checkFilter(Filter f) throws LifecycleException {
        if (f.members() > 1) {
            throw malformed();
        }
        checkPrefix(f.prefix());
        if (f.tag() != null) {
            checkTag(f.tag());
        }
        checkSizes(f.objectSizeGreaterThan(), f.objectSizeLessThan());
        Filter.And and = f.and();
        if (and != null) {
            if (and.conditions() < 2) {
                throw malformed();
            }
            checkPrefix(and.prefix());
            Set<String> keys = new HashSet<>();
            for (Tag t : and.tags()) {
                checkTag(t);
                if (!keys.add(t.key())) {
                    throw new LifecycleException(INVALID_REQUEST, "Duplicate Tag Keys are not allowed.");
                }
            }
            checkSizes(and.objectSizeGreaterThan(), and.objectSizeLessThan());
        }
    }

    private static void checkPrefix(String prefix) throws LifecycleException {
        if (prefix != null && prefix.length() > MAX_PREFIX_LENGTH) {
            throw new LifecycleException(INVALID_REQUEST, "The maximum size of a prefix is " + MAX_PREFIX_LENGTH
                    + ".");
        }
    }

    private static void checkTag(Tag t) throws LifecycleException {
        if (t.key() == null) {
            throw malformed();
        }
        if (t.key().isEmpty()) {
            throw new LifecycleException(INVALID_REQUEST, "The TagKey you have provided is invalid");
        }
        if (t.key().length() > MAX_TAG_KEY_LENGTH) {
            throw new LifecycleException(INVALID_REQUEST, "The TagKey you have provided is too long, max "
                    + MAX_TAG_KEY_LENGTH);
        }
        if (t.value().length() > MAX_TAG_VALUE_LENGTH) {
            throw new LifecycleException(INVALID_REQUEST, "The TagValue you have provided is too long, max "
                    + MAX_TAG_VALUE_LENGTH);
        }
    }

    private static void checkSizes(Long greaterThan, Long lessThan) throws LifecycleException {
        for (Long size : new Long[] {greaterThan, lessThan}) {
            if (size != null && (size < 0 || size > MAX_FILTER_SIZE)) {
                throw new LifecycleException(INVALID_ARGUMENT,
                        "Object size in a lifecycle filter must be between 0 and " + MAX_FILTER_SIZE + " bytes");
            }
        }
        if (greaterThan != null && lessThan != null && greaterThan >= lessThan) {
            throw new LifecycleException(INVALID_ARGUMENT,
                    "ObjectSizeLessThan must be greater than ObjectSizeGreaterThan");
        }
    }

    private static void checkExpiration(Rule rule, Expiration e) throws LifecycleException {
        int given = (e.days() == null ? 0 : 1) + (e.date() == null ? 0 : 1)
                + (e.expiredObjectDeleteMarker() == null ? 0 : 1);
        if (given != 1) {
            throw malformed();
        }
        if (e.days() != null && e.days() < 1) {
            throw new LifecycleException(INVALID_ARGUMENT, "'Days' for Expiration action must be a positive integer");
        }
        checkMidnight(e.date());
        // A delete marker has no tags, so a tag filter could never select one.
        if (e.expiredObjectDeleteMarker() != null && !rule.tagConditions().isEmpty()) {
            throw new LifecycleException(INVALID_REQUEST,
                    "ExpiredObjectDeleteMarker cannot be specified with a tag-based filter.");
        }
    }

    private void checkTransitions(Rule rule, String scope) throws LifecycleException {
        Set<String> classes = new HashSet<>();
        boolean byDays = false;
        boolean byDate = false;
        int latestDays = -1;
        Instant latestDate = null;
        for (Transition t : rule.transitions()) {
            if ((t.days() == null) == (t.date() == null)) {
                throw malformed();
            }
            checkStorageClass(t.storageClass());
            if (t.days() != null) {
                if (t.days() < 0) {
                    throw new LifecycleException(INVALID_ARGUMENT, "'Days' in Transition action must be nonnegative");
                }
                byDays = true;
                latestDays = Math.max(latestDays, t.days());
            } else {
                checkMidnight(t.date());
                byDate = true;
                latestDate = latestDate == null || t.date().isAfter(latestDate) ? t.date() : latestDate;
            }
            if (!classes.add(t.storageClass())) {
                throw new LifecycleException(INVALID_REQUEST, "'StorageClass' must be different for 'Transition' "
                        + "actions in same 'Rule' with " + scope);
            }
        }
        if (byDays && byDate) {
            throw new LifecycleException(INVALID_REQUEST, "Found mixed 'Date' and 'Days' based Transition actions "
                    + "in lifecycle rule for " + scope);
        }
        Expiration e = rule.expiration();
        if (e == null || rule.transitions().isEmpty() || e.expiredObjectDeleteMarker() != null) {
            return;
        }
        if (e.days() != null && byDate || e.date() != null && byDays) {
            throw new LifecycleException(INVALID_REQUEST, "Found mixed 'Date' and 'Days' based Expiration and "
                    + "Transition actions in lifecycle rule for " + scope);
        }
        if (e.days() != null && e.days() <= latestDays) {
            throw new LifecycleException(INVALID_ARGUMENT, "'Days' in the Expiration action for " + scope
                    + " must be greater than 'Days' in the Transition action");
        }
        if (e.date() != null && !e.date().isAfter(latestDate)) {
            throw new LifecycleException(INVALID_ARGUMENT, "'Date' in the Expiration action for " + scope
                    + " must be later than 'Date' in the Transition action");
        }
    }

    private void checkNoncurrentTransitions(Rule rule, String scope) throws LifecycleException {
        Set<String> classes = new HashSet<>();
        int latestDays = -1;
        for (NoncurrentVersionTransition t : rule.noncurrentVersionTransitions()) {
            if (t.noncurrentDays() == null) {
                throw malformed();
            }
            checkStorageClass(t.storageClass());
            if (t.noncurrentDays() < 0) {
                throw new LifecycleException(INVALID_ARGUMENT,
                        "'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative");
            }
            checkNewerNoncurrent(t.newerNoncurrentVersions(), "NoncurrentVersionTransition");
            if (!classes.add(t.storageClass())) {
                throw new LifecycleException(INVALID_REQUEST, "'StorageClass' must be different for "
                        + "'NoncurrentVersionTransition' actions in same 'Rule' with " + scope);
            }
            latestDays = Math.max(latestDays, t.noncurrentDays());
        }
        NoncurrentVersionExpiration e = rule.noncurrentVersionExpiration();
        if (e != null && e.noncurrentDays() <= latestDays) {
            throw new LifecycleException(INVALID_ARGUMENT, "'NoncurrentDays' in the NoncurrentVersionExpiration "
                    + "action for " + scope + " must be greater than 'NoncurrentDays' in the "
                    + "NoncurrentVersionTransition action");
        }
    }

    private void checkStorageClass(String storageClass) throws LifecycleException {
        if (storageClass == null || storageClass.isEmpty()) {
            throw malformed();
        }
        if (!tierExists.test(storageClass)) {
            throw new LifecycleException(INVALID_STORAGE_CLASS, "The storage class you specified is not valid");
        }
    }

    private static void checkNewerNoncurrent(Integer n, String action) throws LifecycleException {
        if (n != null && (n < 1 || n > MAX_NEWER_NONCURRENT_VERSIONS)) {
            throw new LifecycleException(INVALID_ARGUMENT, "'NewerNoncurrentVersions' for " + action
                    + " action must be a positive integer up to " + MAX_NEWER_NONCURRENT_VERSIONS);
        }
    }

    private static void checkMidnight(Instant date) throws LifecycleException {
        if (date != null && (date.getEpochSecond() % 86_400 != 0 || date.getNano() != 0)) {
            throw new LifecycleException(INVALID_ARGUMENT, "'Date' must be at midnight GMT");
        }
    }

    private static LifecycleException malformed() {
        return new LifecycleException(MALFORMED_XML, MALFORMED_MESSAGE);
    }
}
