package io.cairn.server.health;

import java.util.Optional;

/**
 * One condition the server needs to take traffic, asked on every readiness probe (so it must be cheap: no scan, no
 * disk write). Parts of the server register theirs with {@link Readiness#register}; the metadata store's is
 * {@link MetadataCheck}, the erasure sets add one for drives below write quorum.
 */
public interface ReadinessCheck {

    /** A short stable name, reported as the failing check ("metadata", "drives"). */
    String name();

    /** Why the server cannot take traffic now, or empty when this check is satisfied. */
    Optional<String> problem();
}
