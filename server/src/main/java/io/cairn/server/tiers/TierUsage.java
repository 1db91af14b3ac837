package io.cairn.server.tiers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.VersionPage;
import io.cairn.meta.VersionQuery;
import io.cairn.server.lifecycle.LifecycleXml;
import io.cairn.server.s3.S3Exception;
import io.cairn.tiering.lifecycle.LifecycleConfiguration;
import io.cairn.tiering.lifecycle.Rule;

import java.util.Optional;

/**
 * Finds what still depends on a tier: a bucket lifecycle rule that transitions to it, or an object version whose
 * content lives in it. A full scan of buckets and versions; only the rare removal of a tier pays for it.
 */
public final class TierUsage {
    private static final int PAGE = 1000;

    private TierUsage() {
    }

    /** @return the first use found, worded for an administrator; empty when nothing uses the tier */
    public static Optional<String> find(MetadataStore store, String tier) {
        for (BucketRecord b : store.listBuckets()) {
            if (b.lifecycle() != null) {
                Optional<String> rule = lifecycleUse(b.name(), b.lifecycle(), tier);
                if (rule.isPresent()) {
                    return rule;
                }
            }
        }
        for (BucketRecord b : store.listBuckets()) {
            Optional<String> object = storedObject(store, b.name(), tier);
            if (object.isPresent()) {
                return object;
            }
        }
        return Optional.empty();
    }

    /** A rule of the stored configuration, enabled or not, that transitions current or noncurrent versions there. */
    static Optional<String> lifecycleUse(String bucket, String storedXml, String tier) {
        LifecycleConfiguration config;
        try {
            config = LifecycleXml.fromStored(storedXml);
        } catch (S3Exception e) {
            // Only a damaged record does not parse; whether it names the tier cannot be known, so it counts as a use
            // until the configuration is replaced or deleted.
            return Optional.of("the lifecycle configuration of bucket " + bucket + " cannot be read (replace or "
                    + "delete it)");
        }
        for (Rule r : config.rules()) {
            boolean names = r.transitions().stream().anyMatch(t -> tier.equals(t.storageClass()))
                    || r.noncurrentVersionTransitions().stream().anyMatch(t -> tier.equals(t.storageClass()));
            if (names) {
                return Optional.of("the lifecycle configuration of bucket " + bucket + " transitions to it (rule "
                        + r.id() + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> storedObject(MetadataStore store, String bucket, String tier) {
        String keyMarker = null;
        String versionMarker = null;
        try {
            while (true) {
                VersionPage page = store.listVersions(bucket,
                        new VersionQuery("", null, keyMarker, versionMarker, PAGE));
                for (VersionPage.Entry e : page.versions()) {
                    if (tier.equals(e.version().tier().get("tier"))) {
                        return Optional.of("object " + bucket + "/" + e.version().key() + " (version "
                                + e.version().versionId() + ") is stored in it");
                    }
                }
                if (!page.truncated()) {
                    return Optional.empty();
                }
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            }
        } catch (MetadataException e) {
            // The bucket was deleted while we looked: nothing in it can use the tier any more.
            return Optional.empty();
        }
    }
}
