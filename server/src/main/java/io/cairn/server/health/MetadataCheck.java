package io.cairn.server.health;

import io.cairn.meta.MetadataStore;

import java.util.Optional;

/**
 * The metadata store answers. The probe reads an engine property: it goes through the same open-store guard and
 * native handle as every request, yet touches no disk and costs microseconds, so probes every second are free.
 */
public final class MetadataCheck implements ReadinessCheck {
    private static final String PROBE_PROPERTY = "rocksdb.estimate-num-keys";

    private final MetadataStore metadata;

    public MetadataCheck(MetadataStore metadata) {
        this.metadata = metadata;
    }

    @Override
    public String name() {
        return "metadata";
    }

    @Override
    public Optional<String> problem() {
        try {
            metadata.engineProperty(PROBE_PROPERTY);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("metadata store unavailable: " + e.getMessage());
        }
    }
}
