package io.cairn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AmzDatesTest {

    @Test
    void parsesBasicTimestamps() {
        assertThat(AmzDates.parseBasic("20130524T000000Z")).isEqualTo(Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(AmzDates.parseBasic("20240229T235959Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThat(AmzDates.parseBasic("19700101T000000Z")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void rejectsWhatTheStrictFormatRejects() {
        for (String bad : new String[] {null, "", "20130524T000000", "20130524T000000ZZ", "20130524 000000Z",
            "2013-05-24T00:00", "20130524t000000Z", "20131324T000000Z", "20130001T000000Z", "20130532T000000Z",
            "20230229T000000Z", "20130524T240000Z", "20130524T006000Z", "20130524T000060Z", "2013052AT000000Z",
            "+0130524T000000Z", "20130524T00000-Z"}) {
            assertThat(AmzDates.parseBasic(bad)).as(bad).isNull();
        }
    }

    @Test
    void agreesWithTheFormatterOnRandomInstants() {
        DateTimeFormatter basic = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L));
            String text = basic.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
            assertThat(AmzDates.parseBasic(text)).isEqualTo(t);
            assertThat(AmzDates.formatBasic(t)).isEqualTo(text);
        }
    }
}
