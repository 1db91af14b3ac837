package io.cairn.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixTest {

    @Test
    void parsesWeightsAndLeavesOutMissingOnes() {
        assertThat(Mix.parse("get=45,stat=30,put=15,delete=10")).isEqualTo(Mix.DEFAULT);
        assertThat(Mix.parse("get=50%, put=50%")).isEqualTo(new Mix(50, 0, 50, 0));
        assertThat(Mix.parse("HEAD=1")).isEqualTo(new Mix(0, 1, 0, 0));
        assertThatThrownBy(() -> Mix.parse("get=0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mix.parse("list=5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mix.parse("get")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mix.parse("get=-1,put=2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void picksInProportionToTheWeights() {
        SplittableRandom random = new SplittableRandom(7);
        Map<Mix.Kind, Integer> counts = new EnumMap<>(Mix.Kind.class);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts.merge(Mix.DEFAULT.pick(random), 1, Integer::sum);
        }

        assertThat(counts.get(Mix.Kind.GET) / (double) n).isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts.get(Mix.Kind.STAT) / (double) n).isCloseTo(0.30, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts.get(Mix.Kind.PUT) / (double) n).isCloseTo(0.15, org.assertj.core.data.Offset.offset(0.01));
        assertThat(counts.get(Mix.Kind.DELETE) / (double) n)
                .isCloseTo(0.10, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aZeroWeightIsNeverPicked() {
        Mix onlyPuts = new Mix(0, 0, 1, 0);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(onlyPuts.pick(random)).isEqualTo(Mix.Kind.PUT);
        }
    }
}
