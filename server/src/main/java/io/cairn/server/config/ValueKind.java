package io.cairn.server.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/** What a setting's value looks like: how it is checked and put in canonical form, and how help names it. */
public enum ValueKind {
    TEXT("TEXT"),
    ADDRESS("HOST:PORT"),
    NAMES("NAME"),
    PATHS("DIR"),
    BOOLEAN("true|false"),
    ON_OFF("on|off"),
    POSITIVE_INT("N"),
    POSITIVE_SECONDS("SECONDS"),
    SECONDS("SECONDS"),
    LOG_TARGET("PATH|stdout|off");

    /** The placeholder for the value in help text. */
    final String metavar;

    ValueKind(String metavar) {
        this.metavar = metavar;
    }

    /** Whether the setting holds several values (a YAML list; comma-separated in a variable). */
    boolean isList() {
        return this == NAMES || this == PATHS;
    }

    /**
     * @return the value in the form the server reads
     * @throws IllegalArgumentException saying what was expected; the message never contains the value, which may be
     *                                  a secret
     */
    String normalize(String raw) {
        String v = raw.strip();
        return switch (this) {
            case TEXT, PATHS -> v;
            // YAML reads an unquoted off as false
            case LOG_TARGET -> v.equalsIgnoreCase("false") ? "off" : v;
            case NAMES -> v.toLowerCase(Locale.ROOT);
            case ADDRESS -> {
                address(v);
                yield v;
            }
            case BOOLEAN -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes" -> "true";
                case "false", "off", "no" -> "false";
                default -> throw new IllegalArgumentException("must be true or false");
            };
            case ON_OFF -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "on" -> "on";
                case "false", "off" -> "off";
                default -> throw new IllegalArgumentException("must be on or off");
            };
            case POSITIVE_INT -> {
                try {
                    if (Integer.parseInt(v) > 0) {
                        yield v;
                    }
                } catch (NumberFormatException e) {
                    // the message below says what is wanted
                }
                throw new IllegalArgumentException("must be a whole number above 0");
            }
            case POSITIVE_SECONDS, SECONDS -> {
                Duration d = seconds(v);
                if (this == POSITIVE_SECONDS && d.isZero()) {
                    throw new IllegalArgumentException("must be a number of seconds above 0");
                }
                yield v;
            }
        };
    }

    /** An {@link #ADDRESS}: {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code :PORT} for every interface. */
    public static InetSocketAddress address(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("must be HOST:PORT or :PORT");
        }
        String host = colon == 0 ? "0.0.0.0" : s.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0-65535");
        }
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("the host " + host + " is unknown");
        }
        return a;
    }

    /** {@link #SECONDS}: a decimal number of seconds, 0 or more (fractions let tests run on short clocks). */
    public static Duration seconds(String s) {
        try {
            double d = Double.parseDouble(s);
            if (d >= 0 && d <= Integer.MAX_VALUE) {
                return Duration.ofMillis(Math.round(d * 1000));
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException("must be a number of seconds, 0 or more");
    }
}
