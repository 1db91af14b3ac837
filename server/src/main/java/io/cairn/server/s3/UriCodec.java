package io.cairn.server.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strict percent-decoding of paths and queries, and S3's URL encoding of keys in listings. */
public final class UriCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriCodec() {
    }

    /**
     * Percent-decodes (UTF-8). '+' stays '+': S3 clients encode spaces as %20 and signatures treat '+' literally.
     *
     * @throws S3Exception InvalidURI for a broken escape or bytes that are not UTF-8
     */
    public static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw invalid();
                }
                int hi = hexValue(s.charAt(i + 1));
                int lo = hexValue(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw invalid();
                }
                int b = (hi << 4) | lo;
                ascii &= b < 0x80;
                out.write(b);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                ascii = false;
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        if (ascii) {
            // Nothing to validate: ASCII is UTF-8. The common case (escaped '/', '=', ' ').
            return out.toString(StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    /** Parses a raw query string; the first value of a repeated parameter wins; "" for a name without value. */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        int n = rawQuery.length();
        for (int start = 0; start < n; ) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    params.putIfAbsent(decode(rawQuery.substring(start, end)), "");
                } else {
                    params.putIfAbsent(decode(rawQuery.substring(start, eq)), decode(rawQuery.substring(eq + 1, end)));
                }
            }
            start = end + 1;
        }
        return params;
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

    /** URL-encodes a key for {@code encoding-type=url} responses: everything but unreserved characters and '/'. */
    public static String encodeKey(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static S3Exception invalid() {
        return new S3Exception(S3Error.INVALID_URI);
    }

}
