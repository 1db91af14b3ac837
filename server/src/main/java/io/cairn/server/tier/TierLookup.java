package io.cairn.server.tier;

import io.cairn.tiering.remote.RemoteTier;

import java.util.Optional;

/**
 * Finds the client of a remote tier by its name (the storage class). The server's tier registry provides it;
 * tests plug in their own tiers.
 */
@FunctionalInterface
public interface TierLookup {

    Optional<RemoteTier> find(String name);

    /** No remote tiers at all: nothing can be transitioned, and transitioned content cannot be read. */
    static TierLookup none() {
        return name -> Optional.empty();
    }
}
