package io.cairn.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digests, HMACs and hex. New instances are cloned from prototypes so that a request does not pay for a
 * provider lookup each time.
 */
final class Crypto {
    static final String EMPTY_SHA256_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final MessageDigest MD5 = digestPrototype("MD5");
    private static final MessageDigest SHA1 = digestPrototype("SHA-1");
    private static final MessageDigest SHA256 = digestPrototype("SHA-256");
    private static final Mac HMAC_SHA256 = macPrototype("HmacSHA256");
    private static final Mac HMAC_SHA1 = macPrototype("HmacSHA1");
    private static final ThreadLocal<Mac> THREAD_HMAC_SHA256 = ThreadLocal.withInitial(
            () -> init(HMAC_SHA256, new byte[32]));
    private static final ThreadLocal<MessageDigest> THREAD_SHA256 = ThreadLocal.withInitial(() -> copy(SHA256));
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Crypto() {
    }

    static MessageDigest md5() {
        return copy(MD5);
    }

    static MessageDigest sha1() {
        return copy(SHA1);
    }

    static MessageDigest sha256() {
        return copy(SHA256);
    }

    static Mac hmacSha256(byte[] key) {
        return init(HMAC_SHA256, key);
    }

    /** One-shot HMAC on a per-thread instance: no clone per call (each request does several). */
    static byte[] hmacSha256(byte[] key, String data) {
        Mac mac = THREAD_HMAC_SHA256.get();
        try {
            mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmacSha1(byte[] key, String data) {
        return init(HMAC_SHA1, key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] data) {
        return THREAD_SHA256.get().digest(data);
    }

    static String hex(byte[] bytes) {
        return new String(hexAscii(bytes), StandardCharsets.US_ASCII);
    }

    /** Lower-case hex as ASCII bytes, ready for a constant-time comparison with a received signature. */
    static byte[] hexAscii(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return out;
    }

    /** Constant-time comparison of two ASCII signatures; a null never matches. */
    static boolean sameSignature(byte[] expected, String received) {
        return received != null && MessageDigest.isEqual(expected, received.getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest copy(MessageDigest prototype) {
        try {
            return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(prototype.getAlgorithm());
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static Mac init(Mac prototype, byte[] key) {
        try {
            Mac mac;
            try {
                mac = (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                mac = Mac.getInstance(prototype.getAlgorithm());
            }
            mac.init(new SecretKeySpec(key, prototype.getAlgorithm()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest digestPrototype(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Mac macPrototype(String algorithm) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // Settles the provider now, so that concurrent clones never race to choose it.
            mac.getProvider();
            return mac;
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
