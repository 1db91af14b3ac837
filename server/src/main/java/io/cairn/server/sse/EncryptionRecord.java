package io.cairn.server.sse;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an object version (or a multipart upload) stores about its encryption, as the string map the metadata
 * store keeps opaque: the mode, which key-encryption key sealed the data key, the sealed data key, and per mode
 * the SSE-C salt and key check or the KMS encryption context. No secret is in it in the clear.
 *
 * @param mode      how the data key is sealed
 * @param kekId     master key id (SSE-S3) or KMS key id (SSE-KMS); null for SSE-C
 * @param sealedKey the sealed 32-byte data key
 * @param salt      SSE-C: the HKDF salt; else null
 * @param check     SSE-C: the keyed hash that recognises the customer key; else null
 * @param context   SSE-KMS: the encryption context as the client sent it (base64 JSON) or ""; else null
 */
public record EncryptionRecord(SseMode mode, String kekId, byte[] sealedKey, byte[] salt, byte[] check,
                               String context) {

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", mode.name());
        if (kekId != null) {
            m.put("kek", kekId);
        }
        m.put("dk", b64(sealedKey));
        if (salt != null) {
            m.put("salt", b64(salt));
            m.put("check", b64(check));
        }
        if (context != null) {
            m.put("context", context);
        }
        return m;
    }

    /** @return null for an empty map (unencrypted) */
    public static EncryptionRecord fromMap(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return null;
        }
        return new EncryptionRecord(SseMode.valueOf(m.get("mode")), m.get("kek"), unb64(m.get("dk")),
                unb64(m.get("salt")), unb64(m.get("check")), m.get("context"));
    }

    public EncryptionRecord withSealedKey(String newKekId, byte[] newSealedKey) {
        return new EncryptionRecord(mode, newKekId, newSealedKey, salt, check, context);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return s == null ? null : Base64.getDecoder().decode(s);
    }
}
