package io.cairn.server.tier;

import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.RestoreExpiry;
import io.cairn.server.storage.DataStore;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * RestoreObject: copies a transitioned version's content back into local data files in the background, then
 * records the local copy and when it expires; later requests extend the expiry; expired copies are removed again
 * (the remote copy always stays). Restores in progress are known to this process only: one interrupted by a restart
 * is simply requested again.
 *
 * <p>Version changes are compare-and-set rewrites that only apply to the same remote copy, and the expiry entry is
 * written before the version (so a crash leaves at most a stale entry, which {@link #expire} drops). Finishing a
 * copy, extending and expiring hold this object's lock, so an extension never races the removal it postpones.
 */
public final class RestoreService {
    private static final System.Logger LOG = System.getLogger(RestoreService.class.getName());
    private static final int BUFFER = 256 * 1024;

    /** What a restore request did. */
    public enum Status {
        /** A copy back was started. */
        STARTED,
        /** A copy back of this version is already running. */
        IN_PROGRESS,
        /** The version was already restored; its expiry now counts from this request. */
        EXTENDED
    }

    private final MetadataStore metadata;
    private final DataStore data;
    private final TierLookup tiers;
    private final TierHealth health;
    private final Duration day;
    private final Executor copies;
    private final Set<List<String>> ongoing = ConcurrentHashMap.newKeySet();

    public RestoreService(MetadataStore metadata, DataStore data, TierLookup tiers, TierHealth health, Duration day,
                          Executor copies) {
        this.metadata = metadata;
        this.data = data;
        this.tiers = tiers;
        this.health = health;
        this.day = day;
        this.copies = copies;
    }

    /**
     * Restores (or extends the restore of) a transitioned version for {@code days} lifecycle days.
     *
     * @throws IllegalArgumentException when {@code v} is not transitioned
     */
    public synchronized Status restore(String bucket, ObjectVersion v, int days) throws MetadataException {
        TierState state = TierState.of(v);
        if (state == null) {
            throw new IllegalArgumentException("not transitioned: " + v.key());
        }
        List<String> id = List.of(bucket, v.key(), v.versionId());
        if (ongoing.contains(id)) {
            return Status.IN_PROGRESS;
        }
        if (TierState.hasLocalContent(v)) {
            Instant expiry = expiry(Instant.now(), days);
            metadata.putRestoreExpiry(new RestoreExpiry(bucket, v.key(), v.versionId(), expiry));
            metadata.updateVersion(bucket, v.key(), v.versionId(), current -> {
                TierState now = TierState.of(current);
                return now != null && now.remoteKey().equals(state.remoteKey()) && TierState.hasLocalContent(current)
                        ? current.withLocation(now.withRestoreExpiry(expiry).toMap(), current.dataId(),
                        current.inline(), current.parts()) : null;
            });
            return Status.EXTENDED;
        }
        ongoing.add(id);
        try {
            copies.execute(() -> {
                try {
                    copyBack(bucket, v, state, days);
                } finally {
                    ongoing.remove(id);
                }
            });
        } catch (RuntimeException e) {
            ongoing.remove(id);
            throw e;
        }
        return Status.STARTED;
    }

    /** Whether a copy back of this version is running (x-amz-restore: ongoing-request="true"). */
    public boolean ongoing(String bucket, ObjectVersion v) {
        return !ongoing.isEmpty() && ongoing.contains(List.of(bucket, v.key(), v.versionId()));
    }

    /**
     * {@code days} lifecycle days from {@code now}; with real 24-hour days rounded up to the next midnight UTC, as S3
     * does for restores.
     */
    Instant expiry(Instant now, int days) {
        Instant t = now.plus(day.multipliedBy(days));
        if (day.equals(Duration.ofDays(1))) {
            Instant midnight = t.truncatedTo(ChronoUnit.DAYS);
            t = midnight.equals(t) ? t : midnight.plus(1, ChronoUnit.DAYS);
        }
        return t;
    }

    private void copyBack(String bucket, ObjectVersion v, TierState state, int days) {
        List<String> written = new ArrayList<>();
        try {
            RemoteTier tier = tiers.find(state.tier()).orElseThrow(() ->
                    new TierException("no tier named " + state.tier() + " is defined", false, null));
            MessageDigest sha = TransitionService.sha256();
            for (int unit = 0; unit < state.units(); unit++) {
                written.add(copyUnit(tier, state, unit, sha));
            }
            if (!HexFormat.of().formatHex(sha.digest()).equals(state.sha256())) {
                throw new IOException("the remote copy differs from what was transitioned (SHA-256 mismatch)");
            }
            health.succeeded(state.tier());
            if (finish(bucket, v, state, days, written)) {
                written.clear();
            }
        } catch (TierException e) {
            health.failed(state.tier(), "restore", e);
        } catch (IOException | MetadataException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "restore of {0}/{1} version {2} failed: {3}", bucket, v.key(),
                    v.versionId(), e.toString());
        } finally {
            written.forEach(data::delete);
        }
    }

    /** Copies one unit (the object, or one part) of the remote object into a new data file. */
    private String copyUnit(RemoteTier tier, TierState state, int unit, MessageDigest sha)
            throws TierException, IOException {
        long size = state.unitSize(unit);
        DataStore.Writer writer = data.create(size);
        try (InputStream in = tier.get(state.remoteKey(), state.unitStart(unit), size)) {
            byte[] buf = new byte[BUFFER];
            long copied = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (copied + n > size) {
                    throw new IOException("the remote copy is longer than recorded");
                }
                sha.update(buf, 0, n);
                writer.write(ByteBuffer.wrap(buf, 0, n));
                copied += n;
            }
            if (copied != size) {
                throw new IOException("the remote copy ended after " + copied + " of " + size + " bytes");
            }
            writer.commit();
            return writer.id();
        } finally {
            writer.abort();
        }
    }

    /** Points the version at its restored files; false when it changed meanwhile (the files are then unused). */
    private synchronized boolean finish(String bucket, ObjectVersion v, TierState state, int days, List<String> files)
            throws MetadataException {
        RestoreExpiry entry = new RestoreExpiry(bucket, v.key(), v.versionId(), expiry(Instant.now(), days));
        metadata.putRestoreExpiry(entry);
        Optional<ObjectVersion> restored = metadata.updateVersion(bucket, v.key(), v.versionId(), current -> {
            TierState now = TierState.of(current);
            if (now == null || !now.remoteKey().equals(state.remoteKey()) || TierState.hasLocalContent(current)) {
                return null;
            }
            TierState updated = now.withRestoreExpiry(entry.expiry());
            return current.isMultipart()
                    ? current.withLocation(updated.toMap(), null, null, TierState.withData(current.parts(), files))
                    : current.withLocation(updated.toMap(), files.get(0), null, current.parts());
        });
        if (restored.isEmpty()) {
            metadata.removeRestoreExpiry(entry);
        }
        return restored.isPresent();
    }

    /** Removes the local copies whose expiry has passed. @return how many */
    public synchronized int expire() {
        Instant now = Instant.now();
        int removed = 0;
        for (RestoreExpiry e : metadata.restoreExpiries()) {
            if (e.expiry().isAfter(now)) {
                continue;
            }
            AtomicReference<ObjectVersion> before = new AtomicReference<>();
            try {
                metadata.updateVersion(e.bucket(), e.key(), e.versionId(), current -> {
                    TierState state = TierState.of(current);
                    if (state == null || state.restoreExpiry() == null || state.restoreExpiry().isAfter(now)) {
                        return null;
                    }
                    before.set(current);
                    return current.withLocation(state.withRestoreExpiry(null).toMap(), null, null,
                            TierState.withoutData(current.parts()));
                });
            } catch (MetadataException gone) {
                // The bucket was deleted: so was the version, and its files with it.
            }
            if (before.get() != null) {
                before.get().dataIds().forEach(data::delete);
                removed++;
            }
            metadata.removeRestoreExpiry(e);
        }
        return removed;
    }
}
