package io.cairn.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class S3TimeTest {
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void formatsHttpDatesAsTheFormatterDoes() {
        assertThat(S3Time.http(Instant.parse("2013-05-24T00:00:00Z"))).isEqualTo("Fri, 24 May 2013 00:00:00 GMT");
        assertThat(S3Time.http(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(S3Time.http(Instant.parse("1969-12-31T23:59:59.999Z"))).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertThat(S3Time.http(t)).isEqualTo(RFC_1123.format(t));
        }
    }

    @Test
    void formatsIsoDatesToWholeSeconds() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'", Locale.ROOT)
                .withZone(ZoneOffset.UTC);
        assertThat(S3Time.iso(Instant.parse("2013-05-24T01:02:03.999Z"))).isEqualTo("2013-05-24T01:02:03.000Z");
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-30_000_000_000L, 250_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertThat(S3Time.iso(t)).isEqualTo(iso.format(t));
        }
    }

    @Test
    void nowIsTheCurrentSecond() {
        Instant before = Instant.now().minusSeconds(1);
        Instant parsed = S3Time.parseHttp(S3Time.httpNow());
        assertThat(parsed).isBetween(before, Instant.now().plusSeconds(1));
    }
}
