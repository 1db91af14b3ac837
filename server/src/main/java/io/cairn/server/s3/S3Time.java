package io.cairn.server.s3;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The two time formats of S3: ISO 8601 with milliseconds in XML, RFC 1123 in headers. */
public final class S3Time {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private S3Time() {
    }

    /** Whole seconds, as S3 lists them ({@code .000Z}), so listings agree with Last-Modified headers. */
    public static String iso(Instant t) {
        long seconds = t.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86400));
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
        }
        // By hand, as http(): a listing page formats a thousand of these.
        int secondOfDay = (int) Math.floorMod(seconds, 86400);
        StringBuilder sb = new StringBuilder(24).append(date.getYear()).append('-');
        two(sb, date.getMonthValue()).append('-');
        two(sb, date.getDayOfMonth()).append('T');
        two(sb, secondOfDay / 3600).append(':');
        two(sb, secondOfDay / 60 % 60).append(':');
        two(sb, secondOfDay % 60).append(".000Z");
        return sb.toString();
    }

    /**
     * RFC 1123 in GMT ({@code Fri, 24 May 2013 00:00:00 GMT}), formatted by hand: every GET and HEAD sends
     * one, and the general formatter cost a noticeable share of a small GET.
     */
    public static String http(Instant t) {
        long seconds = t.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86400);
        int secondOfDay = (int) Math.floorMod(seconds, 86400);
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        if (date.getYear() < 1000 || date.getYear() > 9999) {
            return HTTP.format(t);
        }
        StringBuilder sb = new StringBuilder(29);
        sb.append(DAYS[(int) Math.floorMod(epochDay + 3, 7)]).append(", ");
        two(sb, date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ')
                .append(date.getYear()).append(' ');
        two(sb, secondOfDay / 3600).append(':');
        two(sb, secondOfDay / 60 % 60).append(':');
        two(sb, secondOfDay % 60).append(" GMT");
        return sb.toString();
    }

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static StringBuilder two(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** The current time for a Date header; formatted once a second, not once a response. */
    public static String httpNow() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate cached = nowCache;
        if (cached.second != second) {
            cached = new CachedDate(second, http(Instant.ofEpochSecond(second)));
            nowCache = cached;
        }
        return cached.text;
    }

    private record CachedDate(long second, String text) {
    }

    private static volatile CachedDate nowCache = new CachedDate(-1, "");

    /** Parses an HTTP date (RFC 1123; RFC 850 and asctime too, as RFC 9110 asks); null when unparseable. */
    public static Instant parseHttp(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ISO.parse(value.trim(), Instant::from);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** HTTP dates have second precision; comparisons with stored times must truncate alike. */
    public static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
