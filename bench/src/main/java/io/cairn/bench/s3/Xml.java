package io.cairn.bench.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough XML for S3's flat response documents (listings, upload ids, error codes), by string search: a
 * parser would cost the generator more CPU than the requests it measures.
 */
public final class Xml {
    private Xml() {
    }

    /** The text of the first {@code <name>} element, unescaped; null when absent. */
    public static String first(String xml, String name) {
        int start = xml.indexOf("<" + name + ">");
        if (start < 0) {
            return null;
        }
        start += name.length() + 2;
        int end = xml.indexOf("</" + name + ">", start);
        return end < 0 ? null : unescape(xml.substring(start, end));
    }

    /** The texts of every {@code <name>} element, unescaped, in document order. */
    public static List<String> all(String xml, String name) {
        List<String> values = blocks(xml, name);
        values.replaceAll(Xml::unescape);
        return values;
    }

    /** The raw (still escaped) content of every {@code <name>} element, to search further inside. */
    public static List<String> blocks(String xml, String name) {
        List<String> values = new ArrayList<>();
        String open = "<" + name + ">";
        String close = "</" + name + ">";
        int at = 0;
        while (true) {
            int start = xml.indexOf(open, at);
            if (start < 0) {
                return values;
            }
            start += open.length();
            int end = xml.indexOf(close, start);
            if (end < 0) {
                return values;
            }
            values.add(xml.substring(start, end));
            at = end + close.length();
        }
    }

    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i) : -1;
            if (semi < 0) {
                sb.append(c);
                i++;
                continue;
            }
            String entity = text.substring(i + 1, semi);
            switch (entity) {
                case "amp" -> sb.append('&');
                case "lt" -> sb.append('<');
                case "gt" -> sb.append('>');
                case "quot" -> sb.append('"');
                case "apos" -> sb.append('\'');
                default -> {
                    if (entity.startsWith("#x")) {
                        sb.appendCodePoint(Integer.parseInt(entity.substring(2), 16));
                    } else if (entity.startsWith("#")) {
                        sb.appendCodePoint(Integer.parseInt(entity.substring(1)));
                    } else {
                        sb.append(text, i, semi + 1);
                    }
                }
            }
            i = semi + 1;
        }
        return sb.toString();
    }
}
