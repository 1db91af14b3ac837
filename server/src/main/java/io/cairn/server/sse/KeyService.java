package io.cairn.server.sse;

import io.cairn.meta.MetadataStore;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The key hierarchy: makes a fresh data key for each object (or upload) and seals it under the key-encryption
 * key of its mode; opens sealed data keys; rotates the master key. Everything else about SSE (headers, package
 * format) builds on this.
 */
public final class KeyService {
    /** Server option: accept SSE-C keys over plain HTTP (tests, or a TLS proxy that does not say so). */
    public static final String ENV_ALLOW_INSECURE_SSE_C = "CAIRN_ALLOW_INSECURE_SSE_C";

    private final MasterKeys masters;
    private final LocalKeyring keyring;
    private final boolean allowInsecureCustomerKeys;

    public KeyService(MasterKeys masters, LocalKeyring keyring, boolean allowInsecureCustomerKeys) {
        this.masters = masters;
        this.keyring = keyring;
        this.allowInsecureCustomerKeys = allowInsecureCustomerKeys;
    }

    public static KeyService open(Path stateDir, Map<String, String> env, String region) throws IOException {
        MasterKeys masters = MasterKeys.load(stateDir, env);
        return new KeyService(masters, LocalKeyring.load(stateDir, masters, region),
                "true".equalsIgnoreCase(env.getOrDefault(ENV_ALLOW_INSECURE_SSE_C, "false")));
    }

    /** A new data key and its record. The raw key lives only as long as the write that uses it. */
    public record Sealed(EncryptionRecord record, SecretKey dataKey) {
        @Override
        public String toString() {
            return "Sealed[" + record.mode() + "]";
        }
    }

    public Kms kms() {
        return keyring;
    }

    public boolean allowInsecureCustomerKeys() {
        return allowInsecureCustomerKeys;
    }

    public Sealed newDataKey(SseSpec spec) {
        byte[] dataKey = Gcm.randomBytes(32);
        EncryptionRecord rec = switch (spec.mode()) {
            case SSE_S3 -> {
                MasterKeys.MasterKey mk = masters.current();
                yield new EncryptionRecord(SseMode.SSE_S3, mk.id(), KeyWrap.seal(mk.key(), dataKey, s3Aad(mk.id())),
                        null, null, null);
            }
            case SSE_C -> {
                byte[] salt = Gcm.randomBytes(16);
                CustomerKey ck = spec.customerKey();
                yield new EncryptionRecord(SseMode.SSE_C, null,
                        KeyWrap.seal(ck.keyEncryptionKey(salt), dataKey, C_AAD), salt, ck.check(salt), null);
            }
            case SSE_KMS -> new EncryptionRecord(SseMode.SSE_KMS, spec.kmsKeyId(),
                    keyring.encrypt(spec.kmsKeyId(), dataKey, spec.context()), null, null, spec.context());
        };
        return new Sealed(rec, Gcm.key(dataKey));
    }

    /**
     * Opens the data key of a stored object. For SSE-C the caller has checked {@link #customerKeyMatches} first.
     *
     * @throws IntegrityException when the sealed key does not open (wrong key, tampering, missing master key)
     */
    public SecretKey dataKey(EncryptionRecord rec, CustomerKey customerKey) {
        return Gcm.key(switch (rec.mode()) {
            case SSE_S3 -> KeyWrap.open(master(rec.kekId()), rec.sealedKey(), s3Aad(rec.kekId()));
            case SSE_C -> KeyWrap.open(customerKey.keyEncryptionKey(rec.salt()), rec.sealedKey(), C_AAD);
            case SSE_KMS -> keyring.decrypt(rec.kekId(), rec.sealedKey(), rec.context());
        });
    }

    public static boolean customerKeyMatches(EncryptionRecord rec, CustomerKey key) {
        return key != null && rec.salt() != null && key.matches(rec.salt(), rec.check());
    }

    /** An SSE-S3 record sealed by an older master key, re-sealed by the current one; null when already current. */
    public EncryptionRecord resealIfStale(EncryptionRecord rec) {
        MasterKeys.MasterKey current = masters.current();
        if (rec.mode() != SseMode.SSE_S3 || rec.kekId().equals(current.id())) {
            return null;
        }
        byte[] dataKey = KeyWrap.open(master(rec.kekId()), rec.sealedKey(), s3Aad(rec.kekId()));
        return rec.withSealedKey(current.id(), KeyWrap.seal(current.key(), dataKey, s3Aad(current.id())));
    }

    /**
     * Seals a configuration secret (a remote tier's credentials) under the current master key, bound to
     * {@code purpose}: {@code v1:masterKeyId:base64(KeyWrap)}. Only a holder of the master keys can open it.
     */
    public String sealSecret(String secret, String purpose) {
        MasterKeys.MasterKey mk = masters.current();
        return SECRET_FORMAT + mk.id() + ":" + Base64.getEncoder().encodeToString(KeyWrap.seal(mk.key(),
                secret.getBytes(StandardCharsets.UTF_8), secretAad(purpose)));
    }

    /** @throws IntegrityException when it is not a sealed secret of this purpose, or its master key is gone */
    public String openSecret(String sealed, String purpose) {
        String[] f = sealed.split(":", 3);
        if (f.length != 3 || !sealed.startsWith(SECRET_FORMAT)) {
            throw new IntegrityException("not a sealed secret");
        }
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(f[2]);
        } catch (IllegalArgumentException e) {
            throw new IntegrityException("not a sealed secret");
        }
        return new String(KeyWrap.open(master(f[1]), wrapped, secretAad(purpose)),
                StandardCharsets.UTF_8);
    }

    private static final String SECRET_FORMAT = "v1:";

    private static String secretAad(String purpose) {
        return "cairn-secret-v1|" + purpose;
    }

    /** What a rotation did. */
    public record Rotation(String newKeyId, long objectsResealed, int kmsKeysResealed) {
    }

    /**
     * Makes a new master key current, then re-seals the KMS keyring and every SSE-S3 object's data key under it
     * (metadata only: no object data is rewritten). Old keys stay configured, so reads never stop working, even
     * while this runs or if it is interrupted (running it again finishes the job).
     */
    public synchronized Rotation rotate(MetadataStore metadata) throws IOException {
        String id = masters.rotate();
        int kmsKeys = keyring.resealAll();
        long objects = metadata.resealVersions(m -> {
            EncryptionRecord r = resealIfStale(EncryptionRecord.fromMap(m));
            return r == null ? null : r.toMap();
        });
        return new Rotation(id, objects, kmsKeys);
    }

    private SecretKey master(String id) {
        return masters.get(id).orElseThrow(() -> new IntegrityException("master key " + id + " is not configured"))
                .key();
    }

    private static final String C_AAD = "cairn-dk-v1|SSE_C";

    private static String s3Aad(String masterKeyId) {
        return "cairn-dk-v1|SSE_S3|" + masterKeyId;
    }
}
