package io.cairn.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyPoolTest {

    @Test
    void aDeleteNeverTakesAnObjectBeingRead() {
        KeyPool pool = new KeyPool();
        pool.add("only", 1);
        SplittableRandom random = new SplittableRandom(1);

        KeyPool.Entry reading = pool.acquireForRead(random);

        assertThat(pool.takeForDelete(random)).isNull();
        pool.releaseRead(reading);
        assertThat(pool.takeForDelete(random)).isSameAs(reading);
        assertThat(pool.size()).isZero();
        assertThat(pool.acquireForRead(random)).isNull();
    }

    @Test
    void deletesTakeEachObjectOnceAndLeaveTheRestReadable() {
        KeyPool pool = new KeyPool();
        for (int i = 0; i < 100; i++) {
            pool.add("k" + i, i);
        }
        SplittableRandom random = new SplittableRandom(2);
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            KeyPool.Entry e = pool.takeForDelete(random);
            assertThat(deleted.add(e.key())).isTrue();
        }
        Set<String> readable = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            KeyPool.Entry e = pool.acquireForRead(random);
            readable.add(e.key());
            assertThat(e.size()).isEqualTo(Long.parseLong(e.key().substring(1)));
            pool.releaseRead(e);
        }

        assertThat(pool.size()).isEqualTo(40);
        assertThat(readable).hasSize(40).doesNotContainAnyElementsOf(deleted);
    }
}
