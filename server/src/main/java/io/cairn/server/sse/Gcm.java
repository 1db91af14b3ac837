package io.cairn.server.sse;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * AES-256-GCM through the JDK's provider (AES-NI and CLMUL intrinsics). One instance per thread of use:
 * {@link Cipher} is not thread-safe, and reusing it saves the provider lookup on every package.
 */
final class Gcm {
    static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAG_BITS = 128;

    /**
     * One per thread: every {@link #seal}/{@link #open} initialises the cipher afresh, so callers that interleave
     * on one thread (a copy decrypting its source and sealing its target) cannot disturb each other.
     */
    private static final ThreadLocal<Gcm> LOCAL = ThreadLocal.withInitial(Gcm::new);

    private final Cipher cipher;

    Gcm() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    static Gcm local() {
        return LOCAL.get();
    }

    static SecretKey key(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("AES-256 keys are 32 bytes");
        }
        return new SecretKeySpec(raw, "AES");
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Encrypts {@code in[inOff, inOff+len)} into {@code out} at {@code outOff}; returns bytes written (len + 16). */
    int seal(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts and authenticates; returns plaintext bytes written. @throws IntegrityException on a bad tag */
    int open(SecretKey key, byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new IntegrityException("authentication failed", e);
        } catch (GeneralSecurityException e) {
            throw new IntegrityException("decryption failed", e);
        }
    }
}
