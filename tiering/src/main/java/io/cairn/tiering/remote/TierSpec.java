package io.cairn.tiering.remote;

import io.cairn.meta.TierRecord;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A validated tier definition with its credentials in the clear: what the admin API accepts and what clients are
 * built from. It only ever reaches the store through {@link #toRecord}, which seals the secret settings.
 *
 * @param name     the storage class name lifecycle rules use
 * @param type     the kind of remote
 * @param settings exactly the type's required settings and any of its optional ones, all non-empty
 */
public record TierSpec(String name, TierType type, Map<String, String> settings) {
    private static final Pattern NAME = Pattern.compile("[A-Z0-9_-]{1,64}");

    /** S3's own storage classes: a tier of one of these names would make x-amz-storage-class ambiguous. */
    private static final Set<String> S3_STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
            "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE", "OUTPOSTS", "SNOW",
            "EXPRESS_ONEZONE", "FSX_OPENZFS", "FSX_ONTAP");

    /** @throws IllegalArgumentException naming the first thing wrong (never a secret's value) */
    public TierSpec {
        checkName(name);
        if (type == null) {
            throw new IllegalArgumentException("a tier type is required (s3 or azure)");
        }
        Map<String, String> kept = new TreeMap<>();
        (settings == null ? Map.<String, String>of() : settings).forEach((k, v) -> {
            if (!type.required().contains(k) && !type.optional().contains(k)) {
                throw new IllegalArgumentException("unknown setting " + k + " for a tier of type " + type.id());
            }
            if (v != null && !v.isEmpty()) {
                TierSettings.check(k, v);
                kept.put(k, v);
            }
        });
        for (String r : type.required()) {
            if (!kept.containsKey(r)) {
                throw new IllegalArgumentException(type.id() + " tiers need the setting " + r);
            }
        }
        settings = Map.copyOf(kept);
    }

    /** @throws IllegalArgumentException when {@code name} cannot name a tier */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tier names are 1-64 of A-Z 0-9 _ - (upper case, like storage classes)");
        }
        if (S3_STORAGE_CLASSES.contains(name)) {
            throw new IllegalArgumentException(name + " is an S3 storage class and cannot name a tier");
        }
    }

    public String setting(String key) {
        return settings.get(key);
    }

    /** The settings without the credentials: safe to list and log. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>(settings);
        out.keySet().removeAll(type.secrets());
        return out;
    }

    /** The stored form: secret settings sealed by {@code secrets}, bound to this tier and setting. */
    public TierRecord toRecord(TierSecrets secrets, Instant created) {
        Map<String, String> stored = new TreeMap<>(settings);
        for (String s : type.secrets()) {
            stored.computeIfPresent(s, (k, v) -> secrets.seal(name, k, v));
        }
        return new TierRecord(name, type.id(), stored, created);
    }

    /**
     * A stored definition with its secrets opened.
     *
     * @throws IllegalArgumentException when the record is not a valid definition
     * @throws RuntimeException         from {@code secrets} when a sealed setting does not open
     */
    public static TierSpec fromRecord(TierRecord record, TierSecrets secrets) {
        TierType type = TierType.of(record.type());
        Map<String, String> open = new TreeMap<>(record.settings());
        for (String s : type.secrets()) {
            open.computeIfPresent(s, (k, v) -> secrets.open(record.name(), k, v));
        }
        return new TierSpec(record.name(), type, open);
    }

    @Override
    public String toString() {
        return "TierSpec[" + name + ", " + type.id() + ", " + redacted() + "]";
    }
}
