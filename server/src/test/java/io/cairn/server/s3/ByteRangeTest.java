package io.cairn.server.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRangeTest {

    @Test
    void firstLast() {
        ByteRange r = ByteRange.parse("bytes=0-9", 100);
        assertThat(r).isEqualTo(new ByteRange(0, 10));
        assertThat(r.contentRange(100)).isEqualTo("bytes 0-9/100");
    }

    @Test
    void lastBeyondSizeIsClamped() {
        assertThat(ByteRange.parse("bytes=90-200", 100)).isEqualTo(new ByteRange(90, 10));
    }

    @Test
    void openEnded() {
        assertThat(ByteRange.parse("bytes=95-", 100)).isEqualTo(new ByteRange(95, 5));
    }

    @Test
    void suffix() {
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 10));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 100));
    }

    @Test
    void unsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.code()).isEqualTo("InvalidRange");
                    assertThat(e.status()).isEqualTo(416);
                    assertThat(e.headers()).containsEntry("Content-Range", "bytes */100");
                });
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(S3Exception.class);
    }

    @Test
    void unsupportedFormsServeTheWholeObject() {
        assertThat(ByteRange.parse(null, 100)).isNull();
        assertThat(ByteRange.parse("items=0-1", 100)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRange.parse("bytes=abc", 100)).isNull();
        assertThat(ByteRange.parse("bytes=9-1", 100)).isNull();
    }
}
