package io.cairn.meta;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Version ids of versioning-enabled buckets: 32 URL-safe characters, the first 11 the version's stamp and the
 * other 21 random.
 *
 * <p>The stamp part makes an id resolvable with one point lookup (the stamp is the last component of the
 * version's RocksDB key) and lets a listing resume from an id whose version was deleted meanwhile. Its
 * alphabet is in ASCII order and its width fixed, so ids sort like their stamps: newer versions have greater
 * ids. The random part (126 bits) keeps ids unguessable although stamps are not; a lookup compares the whole id
 * with the stored one, so a guessed stamp alone finds nothing. 32 characters is also the length of S3's ids.
 */
final class VersionIds {

    static final int LENGTH = 32;
    private static final int STAMP_CHARS = 11;
    private static final int BITS_PER_CHAR = 6;
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~".toCharArray();
    private static final byte[] VALUE = new byte[128];
    /** 11 characters hold 66 bits; a non-negative long needs 63, so the first character stays below 2^3. */
    private static final int MAX_FIRST_VALUE = 1 << (STAMP_CHARS * BITS_PER_CHAR - 63);

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE[ALPHABET[i]] = (byte) i;
        }
    }

    private final SecureRandom random = new SecureRandom();

    String create(long stamp) {
        if (stamp < 0) {
            throw new IllegalArgumentException("negative stamp " + stamp);
        }
        char[] id = new char[LENGTH];
        long s = stamp;
        for (int i = STAMP_CHARS - 1; i >= 0; i--) {
            id[i] = ALPHABET[(int) (s & 63)];
            s >>>= BITS_PER_CHAR;
        }
        long r0 = random.nextLong();
        long r1 = random.nextLong();
        for (int i = STAMP_CHARS; i < LENGTH; i++) {
            id[i] = ALPHABET[(int) (r0 & 63)];
            r0 = (r0 >>> BITS_PER_CHAR) | (r1 << (64 - BITS_PER_CHAR));
            r1 >>>= BITS_PER_CHAR;
        }
        return new String(id);
    }

    /** The stamp an id was made from, or -1 when the string is not an id this class made ("null" included). */
    static long stampOf(String id) {
        if (id == null || id.length() != LENGTH) {
            return -1;
        }
        long stamp = 0;
        for (int i = 0; i < LENGTH; i++) {
            char ch = id.charAt(i);
            int v = ch < VALUE.length ? VALUE[ch] : -1;
            if (v < 0 || (i == 0 && v >= MAX_FIRST_VALUE)) {
                return -1;
            }
            if (i < STAMP_CHARS) {
                stamp = (stamp << BITS_PER_CHAR) | v;
            }
        }
        return stamp;
    }
}
