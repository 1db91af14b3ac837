package io.cairn.server.sse;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An SSE-C customer key, as received with one request. It is never stored: objects keep a salt and a keyed
 * hash (HKDF output under that salt) to recognise the key, and the data key is sealed by a second HKDF output.
 * Both are one-way, so neither the key nor its plain MD5 can be recovered from the disk.
 */
public final class CustomerKey {
    private static final byte[] KEK_INFO = "cairn sse-c key-encryption key v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_INFO = "cairn sse-c key check v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final String md5Base64;

    /** @param key the 32 raw key bytes (already checked against the client's MD5) */
    public CustomerKey(byte[] key, String md5Base64) {
        if (key.length != 32) {
            throw new IllegalArgumentException("SSE-C keys are 256 bits");
        }
        this.key = key.clone();
        this.md5Base64 = md5Base64;
    }

    /** The base64 MD5 the client sent (and S3 echoes); recomputed from the key, never read from the disk. */
    public String md5Base64() {
        return md5Base64;
    }

    SecretKey keyEncryptionKey(byte[] salt) {
        return Gcm.key(hkdf(salt, KEK_INFO));
    }

    /** The keyed hash stored to recognise this key. */
    byte[] check(byte[] salt) {
        return hkdf(salt, CHECK_INFO);
    }

    boolean matches(byte[] salt, byte[] storedCheck) {
        return MessageDigest.isEqual(check(salt), storedCheck);
    }

    private byte[] hkdf(byte[] salt, byte[] info) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(key, salt, info));
        byte[] out = new byte[32];
        g.generateBytes(out, 0, out.length);
        return out;
    }

    @Override
    public String toString() {
        return "CustomerKey[md5=" + md5Base64 + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerKey c && MessageDigest.isEqual(key, c.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(md5Base64.getBytes(StandardCharsets.US_ASCII));
    }
}
