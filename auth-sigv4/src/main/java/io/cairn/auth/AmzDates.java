package io.cairn.auth;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** The two timestamp formats S3 signatures use; parsers answer null rather than throw. */
final class AmzDates {
    /** ISO 8601 basic, as in x-amz-date and X-Amz-Date: 20130524T000000Z. */
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    private AmzDates() {
    }

    static Instant parseBasic(String value) {
        if (value == null || value.length() != 16) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, BASIC).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** RFC 1123, as in the Date header: Fri, 24 May 2013 00:00:00 GMT (or +0000). */
    static Instant parseHttpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Either format: SigV2 clients put both kinds in x-amz-date. */
    static Instant parseAny(String value) {
        Instant instant = parseHttpDate(value);
        return instant != null ? instant : parseBasic(value == null ? null : value.trim());
    }

    static String formatBasic(Instant instant) {
        return BASIC.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
