package io.cairn.server.tier;

import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.RemoteDeletion;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Works the durable queue of remote copies to delete ({@link MetadataStore#remoteDeletions}) until each is gone:
 * a tier that fails backs off ({@link TierHealth}) and its entries wait for the next pass. A copy is deleted only
 * when no version refers to it (a queued transition intent whose flip committed is just dropped) and no
 * transition is still writing it.
 */
final class RemoteDeleter {
    private static final System.Logger LOG = System.getLogger(RemoteDeleter.class.getName());
    private static final int PAGE = 100;

    private final MetadataStore metadata;
    private final TierLookup tiers;
    private final TierHealth health;
    private final Predicate<String> beingWritten;

    RemoteDeleter(MetadataStore metadata, TierLookup tiers, TierHealth health, Predicate<String> beingWritten) {
        this.metadata = metadata;
        this.tiers = tiers;
        this.health = health;
        this.beingWritten = beingWritten;
    }

    /** One pass over the whole queue. @return entries settled (deleted remotely or found in use) */
    int runOnce() {
        int settled = 0;
        String after = null;
        List<RemoteDeletion> page;
        do {
            page = metadata.remoteDeletions(after, PAGE);
            for (RemoteDeletion d : page) {
                after = d.id();
                if (settle(d)) {
                    settled++;
                }
            }
        } while (page.size() == PAGE);
        return settled;
    }

    private boolean settle(RemoteDeletion d) {
        TierState copy;
        try {
            copy = TierState.fromMap(d.tier());
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "dropping unreadable remote deletion {0}: {1}", d.id(), e.getMessage());
            metadata.remoteDeletionDone(d.id());
            return true;
        }
        if (copy == null || beingWritten.test(copy.remoteKey()) || !health.ready(copy.tier())) {
            return false;
        }
        if (referenced(d, copy)) {
            metadata.remoteDeletionDone(d.id());
            return true;
        }
        Optional<RemoteTier> tier = tiers.find(copy.tier());
        try {
            if (tier.isEmpty()) {
                throw new TierException("no tier named " + copy.tier() + " is defined", false, null);
            }
            tier.get().delete(copy.remoteKey());
        } catch (TierException e) {
            health.failed(copy.tier(), "delete", e);
            return false;
        }
        health.succeeded(copy.tier());
        metadata.remoteDeletionDone(d.id());
        return true;
    }

    /** Whether the version the entry names still refers to this very copy (then it must stay). */
    private boolean referenced(RemoteDeletion d, TierState copy) {
        try {
            Optional<ObjectVersion> v = metadata.version(d.bucket(), d.key(), d.versionId());
            return v.isPresent() && copy.remoteKey().equals(v.get().tier().isEmpty() ? null
                    : TierState.of(v.get()).remoteKey());
        } catch (MetadataException e) {
            return false; // the bucket is gone, and its versions with it
        }
    }
}
