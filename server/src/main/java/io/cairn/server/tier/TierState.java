package io.cairn.server.tier;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meaning of {@link ObjectVersion#tier()}: which tier holds the content, under which remote key, and how it is
 * laid out there. The remote object is the version's stored bytes exactly as they were here (sealed when the object
 * is encrypted): the single unit of a simple object, or the parts' units one after the other, each part being its
 * own sealed stream, so reads and restores need each part's stored size to find it.
 *
 * @param tier            the tier's name, shown as the storage class
 * @param remoteKey       the remote object's key
 * @param storedSize      the remote object's size
 * @param sha256          hex SHA-256 of the remote object as written (checked when restoring)
 * @param partStoredSizes for a multipart object, each part's stored size in object order; else empty
 * @param transitioned    when the content moved
 * @param restoreExpiry   when a restored local copy is removed again; null when there is none
 */
public record TierState(String tier, String remoteKey, long storedSize, String sha256, List<Long> partStoredSizes,
                        Instant transitioned, Instant restoreExpiry) {

    public static final String STANDARD = "STANDARD";

    private static final String TIER = "tier";
    private static final String REMOTE_KEY = "remote-key";
    private static final String STORED_SIZE = "stored-size";
    private static final String SHA256 = "sha256";
    private static final String PART_SIZES = "part-sizes";
    private static final String TRANSITIONED = "transitioned";
    private static final String RESTORE_EXPIRY = "restore-expiry";

    public TierState {
        partStoredSizes = List.copyOf(partStoredSizes);
    }

    /** The version's tier state, or null when its content was never moved. */
    public static TierState of(ObjectVersion v) {
        return fromMap(v.tier());
    }

    /** @throws IllegalStateException for a map this class did not write */
    public static TierState fromMap(Map<String, String> m) {
        if (m.isEmpty()) {
            return null;
        }
        try {
            List<Long> parts = new ArrayList<>();
            String sizes = m.get(PART_SIZES);
            if (sizes != null && !sizes.isEmpty()) {
                for (String s : sizes.split(",")) {
                    parts.add(Long.parseLong(s));
                }
            }
            String expiry = m.get(RESTORE_EXPIRY);
            return new TierState(require(m, TIER), require(m, REMOTE_KEY), Long.parseLong(require(m, STORED_SIZE)),
                    require(m, SHA256), parts, Instant.parse(require(m, TRANSITIONED)),
                    expiry == null ? null : Instant.parse(expiry));
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable tier record " + m.keySet(), e);
        }
    }

    private static String require(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null) {
            throw new IllegalStateException("missing " + name);
        }
        return v;
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TIER, tier);
        m.put(REMOTE_KEY, remoteKey);
        m.put(STORED_SIZE, Long.toString(storedSize));
        m.put(SHA256, sha256);
        if (!partStoredSizes.isEmpty()) {
            StringBuilder sizes = new StringBuilder();
            for (long s : partStoredSizes) {
                sizes.append(sizes.isEmpty() ? "" : ",").append(s);
            }
            m.put(PART_SIZES, sizes.toString());
        }
        m.put(TRANSITIONED, transitioned.toString());
        if (restoreExpiry != null) {
            m.put(RESTORE_EXPIRY, restoreExpiry.toString());
        }
        return m;
    }

    public TierState withRestoreExpiry(Instant expiry) {
        return new TierState(tier, remoteKey, storedSize, sha256, partStoredSizes, transitioned, expiry);
    }

    /** Where unit {@code index} (the object, or part {@code index} in object order) starts in the remote object. */
    public long unitStart(int index) {
        long start = 0;
        for (int i = 0; i < index; i++) {
            start += partStoredSizes.get(i);
        }
        return start;
    }

    public long unitSize(int index) {
        return partStoredSizes.isEmpty() ? storedSize : partStoredSizes.get(index);
    }

    public int units() {
        return Math.max(1, partStoredSizes.size());
    }

    /** The storage class listings and x-amz-storage-class show. */
    public static String storageClass(ObjectVersion v) {
        String tier = v.tier().get(TIER);
        return tier != null ? tier : v.headers().getOrDefault("x-amz-storage-class", STANDARD);
    }

    /** Whether the content is here (never moved, or restored): inline, in a data file, or in every part's file. */
    public static boolean hasLocalContent(ObjectVersion v) {
        if (v.inline() != null || v.dataId() != null) {
            return true;
        }
        return v.isMultipart() && v.parts().stream().allMatch(p -> p.dataId() != null);
    }

    /** The tier state when the content can only be read from the remote tier, else null. */
    public static TierState remoteOnly(ObjectVersion v) {
        return v.transitioned() && !hasLocalContent(v) ? of(v) : null;
    }

    /** The parts without their data files (the content is remote only). */
    static List<PartRef> withoutData(List<PartRef> parts) {
        return withData(parts, null);
    }

    /** The parts with the given data files in order (a restored copy), or without any when {@code dataIds} is null. */
    static List<PartRef> withData(List<PartRef> parts, List<String> dataIds) {
        List<PartRef> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            PartRef p = parts.get(i);
            out.add(new PartRef(p.partNumber(), p.size(), p.etag(), dataIds == null ? null : dataIds.get(i),
                    p.checksums()));
        }
        return out;
    }
}
