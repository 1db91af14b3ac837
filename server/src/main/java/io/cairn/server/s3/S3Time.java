package io.cairn.server.s3;

import java.time.Instant;
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
        return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String http(Instant t) {
        return HTTP.format(t);
    }

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
