package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;

/**
 * Seals a small secret (a 32-byte data key, or keyring material) under a key-encryption key:
 * {@code nonce (12) | AES-256-GCM(kek, nonce, aad, secret) | tag (16)}. The associated data names what the
 * secret is for (mode, key id, context), so a sealed key moved to another purpose does not open.
 */
public final class KeyWrap {
    private KeyWrap() {
    }

    public static byte[] seal(SecretKey kek, byte[] secret, String aad) {
        byte[] nonce = Gcm.randomBytes(PackageFormat.NONCE_SIZE);
        byte[] out = new byte[nonce.length + secret.length + PackageFormat.TAG_SIZE];
        System.arraycopy(nonce, 0, out, 0, nonce.length);
        Gcm.local().seal(kek, nonce, aad.getBytes(StandardCharsets.UTF_8), secret, 0, secret.length, out,
                nonce.length);
        return out;
    }

    /** @throws IntegrityException when the kek or the associated data is not the one it was sealed with */
    public static byte[] open(SecretKey kek, byte[] sealed, String aad) {
        if (sealed.length < PackageFormat.NONCE_SIZE + PackageFormat.TAG_SIZE) {
            throw new IntegrityException("sealed key too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(sealed, PackageFormat.NONCE_SIZE);
        byte[] out = new byte[sealed.length - PackageFormat.NONCE_SIZE - PackageFormat.TAG_SIZE];
        Gcm.local().open(kek, nonce, aad.getBytes(StandardCharsets.UTF_8), sealed, PackageFormat.NONCE_SIZE,
                sealed.length - PackageFormat.NONCE_SIZE, out, 0);
        return out;
    }
}
