package io.cairn.auth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
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

    /**
     * Parsed by hand: every SigV4 request carries one, and DateTimeFormatter's general parser cost more than
     * the rest of the signature check. Strict as the formatter: fixed width, real calendar dates.
     */
    static Instant parseBasic(String value) {
        if (value == null || value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 4, 6);
        int day = digits(value, 6, 8);
        int hour = digits(value, 9, 11);
        int minute = digits(value, 11, 13);
        int second = digits(value, 13, 15);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86400 + hour * 3600L + minute * 60L + second);
    }

    /** The ASCII decimal number in [from, to), or -1 when any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
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
