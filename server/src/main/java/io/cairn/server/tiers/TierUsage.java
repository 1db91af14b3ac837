package io.cairn.server.tiers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.VersionPage;
import io.cairn.meta.VersionQuery;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;

import java.nio.charset.StandardCharsets;
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
            if (b.lifecycle() != null && namesStorageClass(b.lifecycle(), tier)) {
                return Optional.of("the lifecycle configuration of bucket " + b.name() + " transitions to it");
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

    static boolean namesStorageClass(String lifecycleXml, String tier) {
        XmlNode root;
        try {
            root = XmlParser.parse(lifecycleXml.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // Stored configurations were accepted as XML; should one not parse, err on the side of "in use".
            return lifecycleXml.contains(">" + tier + "<");
        }
        return namesStorageClass(root, tier);
    }

    private static boolean namesStorageClass(XmlNode node, String tier) {
        if (node.name().equals("StorageClass") && tier.equals(node.text() == null ? null : node.text().trim())) {
            return true;
        }
        for (XmlNode child : node.children()) {
            if (namesStorageClass(child, tier)) {
                return true;
            }
        }
        return false;
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
