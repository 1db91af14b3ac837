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
        return new String(decode(s), StandardCharsets.UTF_8);
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
        return encode(decode(rawPath), true);
    }

    /** A query name or value as it appears in the canonical query string. */
    static String canonicalQueryComponent(String raw) {
        return encode(decode(raw), false);
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
