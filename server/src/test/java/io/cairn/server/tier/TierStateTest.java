package io.cairn.server.tier;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierStateTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    private static ObjectVersion multipart(List<PartRef> parts, Map<String, String> tier) {
        return new ObjectVersion("k", "null", false, 30, "e-3", T, Map.of(), Map.of(), null, null, "o", parts,
                Map.of(), Map.of(), tier);
    }

    @Test
    void roundTripsThroughTheVersionsTierMap() {
        TierState s = new TierState("COLD", "1/ab/cd", 120, "ff", List.of(40L, 50L, 30L), T, null);
        assertThat(TierState.fromMap(s.toMap())).isEqualTo(s);
        TierState restored = s.withRestoreExpiry(T.plusSeconds(60));
        assertThat(TierState.fromMap(restored.toMap())).isEqualTo(restored);
        assertThat(TierState.fromMap(Map.of())).isNull();
        assertThatThrownBy(() -> TierState.fromMap(Map.of("tier", "COLD"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unitsAreLaidOutOneAfterTheOther() {
        TierState parts = new TierState("COLD", "k", 120, "ff", List.of(40L, 50L, 30L), T, null);
        assertThat(parts.units()).isEqualTo(3);
        assertThat(parts.unitStart(0)).isZero();
        assertThat(parts.unitStart(2)).isEqualTo(90);
        assertThat(parts.unitSize(1)).isEqualTo(50);
        TierState single = new TierState("COLD", "k", 77, "ff", List.of(), T, null);
        assertThat(single.units()).isEqualTo(1);
        assertThat(single.unitSize(0)).isEqualTo(77);
    }

    @Test
    void remoteOnlyUntilEveryUnitIsLocalAgain() {
        Map<String, String> tier = new TierState("COLD", "k", 30, "ff", List.of(10L, 20L), T, null).toMap();
        List<PartRef> local = List.of(new PartRef(1, 10, "a", "d1", Map.of()), new PartRef(2, 20, "b", "d2", Map.of()));
        assertThat(TierState.remoteOnly(multipart(local, Map.of()))).isNull();
        assertThat(TierState.storageClass(multipart(local, Map.of()))).isEqualTo("STANDARD");
        ObjectVersion moved = multipart(TierState.withoutData(local), tier);
        assertThat(TierState.remoteOnly(moved)).isNotNull();
        assertThat(TierState.storageClass(moved)).isEqualTo("COLD");
        assertThat(moved.parts()).extracting(PartRef::size).containsExactly(10L, 20L);
        ObjectVersion restored = multipart(TierState.withData(local, List.of("r1", "r2")), tier);
        assertThat(TierState.remoteOnly(restored)).isNull();
        assertThat(restored.dataIds()).containsExactly("r1", "r2");
    }
}
