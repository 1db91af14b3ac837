package io.cairn.server.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BucketNamesTest {

    @Test
    void valid() {
        for (String ok : new String[]{"abc", "my-bucket", "my.bucket.1", "0bucket", "a".repeat(63)}) {
            assertThat(BucketNames.isValid(ok)).as(ok).isTrue();
        }
    }

    @Test
    void invalid() {
        for (String bad : new String[]{"ab", "a".repeat(64), "MyBucket", "-abc", "abc-", "a..b", "a.-b",
                "192.168.1.1", "xn--abc", "sthree-x", "abc-s3alias", "abc--ol-s3", "a_b", "_cairn", ""}) {
            assertThat(BucketNames.isValid(bad)).as(bad).isFalse();
        }
    }
}
