package io.cairn.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys, kept for reuse: a key depends only on the secret, the day, the region and the
 * service, yet deriving it costs four HMACs per request. Entries are looked up by the secret itself (not the
 * access key), so a changed secret never meets a stale key. Bounded: cleared when full, as entries for past
 * days are worthless anyway.
 */
final class SigningKeys {
    private static final int MAX_ENTRIES = 1024;

    private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();

    /** The signing key; callers must not modify the returned array. */
    byte[] get(String secretKey, String date, String region) {
        String id = date + '\n' + region + '\n' + secretKey;
        byte[] key = keys.get(id);
        if (key == null) {
            key = SigV4Signer.signingKey(secretKey, date, region, SigV4Signer.SERVICE);
            if (keys.size() >= MAX_ENTRIES) {
                keys.clear();
            }
            keys.put(id, key);
        }
        return key;
    }
}
