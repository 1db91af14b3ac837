package io.cairn.server.health;

import io.cairn.server.storage.DriveSet;
import io.cairn.server.storage.ErasureDataStore;

import java.util.Optional;

/**
 * An erasure set has its write quorum of drives online (the drive monitor and failed I/O keep the count; reading it
 * is a loop over the drives' flags). Below quorum, reads may still work but every write would fail.
 */
public final class DriveQuorumCheck implements ReadinessCheck {
    private final ErasureDataStore store;
    private final DriveSet drives;

    public DriveQuorumCheck(ErasureDataStore store, DriveSet drives) {
        this.store = store;
        this.drives = drives;
    }

    @Override
    public String name() {
        return "drives";
    }

    @Override
    public Optional<String> problem() {
        if (store.writable()) {
            return Optional.empty();
        }
        int quorum = ErasureDataStore.writeQuorum(drives.size() - store.parity(), store.parity());
        return Optional.of(drives.online() + " of " + drives.size() + " drives online, writes need " + quorum);
    }
}
