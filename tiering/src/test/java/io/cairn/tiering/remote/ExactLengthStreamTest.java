package io.cairn.tiering.remote;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactLengthStreamTest {

    @Test
    void passesOnExactlyTheLengthAndStops() throws IOException {
        ExactLengthStream s = new ExactLengthStream(new ByteArrayInputStream(new byte[10]), 4);
        assertThat(s.readAllBytes()).hasSize(4);
        assertThat(s.read()).isEqualTo(-1);
        assertThat(s.endedEarly()).isFalse();
    }

    @Test
    void aShortSourceIsAnError() {
        ExactLengthStream s = new ExactLengthStream(new ByteArrayInputStream(new byte[3]), 5);
        assertThatThrownBy(s::readAllBytes).isInstanceOf(IOException.class)
                .hasMessage("content ended after 3 of 5 bytes");
        assertThat(s.endedEarly()).isTrue();
    }

    @Test
    void readFullyFillsOrFailsWithoutRetry() throws TierException {
        byte[] buf = new byte[4];
        ExactLengthStream.readFully(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}), buf, 4, 0, 5);
        assertThat(buf).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> ExactLengthStream.readFully(new ByteArrayInputStream(new byte[2]), buf, 4, 8, 12))
                .isInstanceOfSatisfying(TierException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e).hasMessage("content ended after 10 of 12 bytes");
                });
    }
}
