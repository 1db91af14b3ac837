package io.cairn.bench.report;

import java.util.Locale;

/** A minimal JSON writer: enough for a flat result document, no dependency. */
final class Json {
    private final StringBuilder sb = new StringBuilder(2048);
    private boolean first = true;

    Json open(char bracket) {
        sb.append(bracket);
        first = true;
        return this;
    }

    Json close(char bracket) {
        sb.append(bracket);
        first = false;
        return this;
    }

    Json key(String name) {
        comma();
        string(name).sb.append(':');
        first = true;
        return this;
    }

    Json value(String v) {
        comma();
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        first = false;
        return this;
    }

    Json value(long v) {
        comma();
        sb.append(v);
        first = false;
        return this;
    }

    Json value(double v) {
        comma();
        // Four decimals: enough for ms latencies and rates, and never an exponent a reader has to decode.
        sb.append(Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() : "null");
        first = false;
        return this;
    }

    Json value(boolean v) {
        comma();
        sb.append(v);
        first = false;
        return this;
    }

    Json field(String name, String v) {
        return key(name).value(v);
    }

    Json field(String name, long v) {
        return key(name).value(v);
    }

    Json field(String name, double v) {
        return key(name).value(v);
    }

    Json field(String name, boolean v) {
        return key(name).value(v);
    }

    /** Opens an object or array as a member or element. */
    Json begin(char bracket) {
        comma();
        return open(bracket);
    }

    private void comma() {
        if (!first) {
            sb.append(',');
        }
        first = false;
    }

    private Json string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
