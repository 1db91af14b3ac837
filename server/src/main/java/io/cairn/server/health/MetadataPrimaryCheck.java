package io.cairn.server.health;

import io.cairn.meta.RocksMetadataStore;
import java.util.Optional;

/**
 * The metadata copy every commit is written to first (the primary) is usable. When its drive fails, goes away or is
 * replaced, the store continues on another copy within one drive check (or at the next commit); unready until then,
 * and for good when no other copy is left (then only restoring a drive and restarting helps). One {@code stat} per
 * probe.
 */
public final class MetadataPrimaryCheck implements ReadinessCheck {
    private final RocksMetadataStore store;

    public MetadataPrimaryCheck(RocksMetadataStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "metadata-primary";
    }

    @Override
    public Optional<String> problem() {
        if (store.primaryUsable()) {
            return Optional.empty();
        }
        return Optional.of("the drive of the metadata copy written first failed or went away and the store has not "
                + "moved to another copy");
    }
}
