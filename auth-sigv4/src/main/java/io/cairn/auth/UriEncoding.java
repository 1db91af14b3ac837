package io.cairn.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's URI encoding: unreserved characters stay, everything else becomes %XX of its UTF-8 bytes.
 * Works on bytes so that a percent-encoded sequence that is not valid UTF-8 survives a decode/encode round
 * trip unchanged, exactly as the client signed it.
 */
final class UriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriEncoding() {
    }

    /**
     * Percent-decodes to bytes. '+' stays '+' (S3 signs it literally). A '%' not followed by two hex digits is
     * kept as a literal '%': the server validates URIs, and a signature check must not throw on odd input.
     */
    static byte[] decode(String s) {
        if (s.indexOf('%') < 0) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n) {
                int hi = hexValue(s.charAt(i + 1));
                int lo = hexValue(s.charAt(i + 2));
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 3;
                    continue;
                }
            }
            int end = i + 1;
            while (end < n && s.charAt(end) != '%') {
                end++;
            }
            out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
            i = end;
        }
        return out.toByteArray();
    }

    static String decodeToString(String s) {
        return s.indexOf('%') < 0 ? s : new String(decode(s), StandardCharsets.UTF_8);
    }

    /** Encodes bytes; '/' is kept only when {@code keepSlash} (paths), and encoded in query components. */
    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    /** The canonical URI of a raw request path: decoded, then encoded again; no dot-segment normalisation. */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return isCanonical(rawPath, true) ? rawPath : encode(decode(rawPath), true);
    }

    /** A query name or value as it appears in the canonical query string. */
    static String canonicalQueryComponent(String raw) {
        return isCanonical(raw, false) ? raw : encode(decode(raw), false);
    }

    /**
     * Whether decoding and encoding again would give {@code s} back: only unreserved characters (and '/' when
     * {@code keepSlash}) and upper-case escapes of bytes that must stay escaped. Most clients send exactly that,
     * and the check is much cheaper than the round trip.
     */
    static boolean isCanonical(String s, boolean keepSlash) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                continue;
            }
            if (c != '%' || i + 2 >= n) {
                return false;
            }
            char hi = s.charAt(i + 1);
            char lo = s.charAt(i + 2);
            if (!isUpperHex(hi) || !isUpperHex(lo)) {
                return false;
            }
            int b = (hexValue(hi) << 4) | hexValue(lo);
            if (isUnreserved(b) || (keepSlash && b == '/')) {
                return false;
            }
            i += 2;
        }
        return true;
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /** ASCII hex only: Character.digit would also accept other scripts' digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
