package io.cairn.server.lifecycle;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;
import io.cairn.server.s3.UriCodec;
import io.cairn.tiering.lifecycle.LifecycleConfiguration;
import io.cairn.tiering.lifecycle.LifecycleEvaluator;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Buckets' stored lifecycle configurations, parsed once: GET, HEAD and PUT answer x-amz-expiration from them, and
 * the scanner walks by them. An entry is reused while the bucket's stored XML is the same string.
 */
public final class LifecycleRules {
    public static final String EXPIRATION_HEADER = "x-amz-expiration";
    private static final System.Logger LOG = System.getLogger(LifecycleRules.class.getName());

    /** A parsed configuration; config and evaluator are null when the XML could not be read (logged once). */
    private record Parsed(String xml, LifecycleConfiguration config, LifecycleEvaluator evaluator) {
    }

    private final Duration day;
    private final ConcurrentHashMap<String, Parsed> byBucket = new ConcurrentHashMap<>();

    /** @param day the length of a lifecycle day */
    public LifecycleRules(Duration day) {
        this.day = day;
    }

    /** The bucket's configuration, empty when it has none. */
    public Optional<LifecycleConfiguration> configuration(BucketRecord bucket) {
        return parsed(bucket).map(Parsed::config);
    }

    /** The evaluator of the bucket's rules, empty when it has none. */
    public Optional<LifecycleEvaluator> evaluator(BucketRecord bucket) {
        return parsed(bucket).map(Parsed::evaluator);
    }

    /**
     * The x-amz-expiration value for a current version a rule will expire ({@code expiry-date="Fri, 23 Dec 2012
     * 00:00:00 GMT", rule-id="..."}, the rule ID URL-encoded as S3 does), empty when none will.
     */
    public Optional<String> expirationHeader(BucketRecord bucket, ObjectVersion current) {
        if (bucket.lifecycle() == null) {
            return Optional.empty();
        }
        return evaluator(bucket).flatMap(e -> e.expiry(current)).map(x -> "expiry-date=\"" + S3Time.http(x.date())
                + "\", rule-id=\"" + UriCodec.encodeKey(x.ruleId()) + "\"");
    }

    private Optional<Parsed> parsed(BucketRecord bucket) {
        String xml = bucket.lifecycle();
        if (xml == null) {
            byBucket.remove(bucket.name());
            return Optional.empty();
        }
        Parsed p = byBucket.get(bucket.name());
        if (p == null || p.xml() != xml && !p.xml().equals(xml)) {
            p = parse(bucket.name(), xml);
            byBucket.put(bucket.name(), p);
        }
        return p.config() == null ? Optional.empty() : Optional.of(p);
    }

    private Parsed parse(String bucket, String xml) {
        try {
            LifecycleConfiguration config = LifecycleXml.fromStored(xml);
            return new Parsed(xml, config, new LifecycleEvaluator(config, day));
        } catch (S3Exception e) {
            // Only the server writes it, from a validated configuration: unreadable means damaged.
            LOG.log(System.Logger.Level.ERROR, "the stored lifecycle configuration of bucket {0} cannot be read; "
                    + "its rules are not applied", bucket);
            return new Parsed(xml, null, null);
        }
    }
}
