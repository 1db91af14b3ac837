package io.cairn.meta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for object versions in tests. */
final class TestVersions {

    static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456789Z");

    private TestVersions() {
    }

    static ObjectVersion object(String key) {
        return object(key, "data-" + key);
    }

    static ObjectVersion object(String key, String dataId) {
        return new ObjectVersion(key, ObjectVersion.NULL_VERSION, false, 42, "etag-" + key.hashCode(), T0,
                Map.of("content-type", "text/plain"), Map.of(), dataId, null, "AKIDEXAMPLE", List.of());
    }

    static ObjectVersion deleteMarker(String key) {
        return new ObjectVersion(key, "dm", true, 0, null, T0, Map.of(), Map.of(), null, null, "AKIDEXAMPLE",
                List.of());
    }
}
