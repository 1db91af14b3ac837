package io.cairn.tiering.remote;

import java.util.Locale;
import java.util.Set;

/** The kinds of remote a tier can be, and the settings each one takes. */
public enum TierType {
    /** Any S3-compatible endpoint: AWS S3, another Cairn, MinIO, Ceph, GCS interoperability. */
    S3("s3", Set.of(TierSettings.ENDPOINT, TierSettings.REGION, TierSettings.BUCKET, TierSettings.ACCESS_KEY,
            TierSettings.SECRET_KEY),
            Set.of(TierSettings.PREFIX, TierSettings.PATH_STYLE),
            Set.of(TierSettings.SECRET_KEY)),
    /** Azure Blob Storage (or Azurite); the endpoint defaults to the account's public one. */
    AZURE("azure", Set.of(TierSettings.ACCOUNT, TierSettings.ACCOUNT_KEY, TierSettings.CONTAINER),
            Set.of(TierSettings.ENDPOINT, TierSettings.PREFIX),
            Set.of(TierSettings.ACCOUNT_KEY));

    private final String id;
    private final Set<String> required;
    private final Set<String> optional;
    private final Set<String> secrets;

    TierType(String id, Set<String> required, Set<String> optional, Set<String> secrets) {
        this.id = id;
        this.required = required;
        this.optional = optional;
        this.secrets = secrets;
    }

    /** The name stored in {@link io.cairn.meta.TierRecord#type()} and used by the admin API. */
    public String id() {
        return id;
    }

    public Set<String> required() {
        return required;
    }

    public Set<String> optional() {
        return optional;
    }

    /** Settings that are credentials: sealed before they are stored, never listed. */
    public Set<String> secrets() {
        return secrets;
    }

    /** @throws IllegalArgumentException for a type that does not exist */
    public static TierType of(String id) {
        for (TierType t : values()) {
            if (t.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tier type " + id + " (s3 or azure)");
    }
}
