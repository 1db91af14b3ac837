package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartRecord;
import io.cairn.meta.UploadRecord;
import io.cairn.meta.WriteResult;
import io.cairn.server.ServerContext;
import io.cairn.server.tier.TransitionService;
import io.cairn.tiering.lifecycle.LifecycleActions;
import io.cairn.tiering.lifecycle.TransitionResult;

import java.time.Instant;
import java.util.List;

/**
 * What the lifecycle scanner's decisions do: the same metadata operations and data freeing as DeleteObject,
 * DeleteObject?versionId and AbortMultipartUpload, and transitions through the transition service, each made
 * conditional on the object being as the scanner saw it. Delete markers lifecycle writes are owned by the
 * bucket's owner.
 */
public final class LifecycleWork implements LifecycleActions {
    private final ServerContext ctx;
    private final ObjectStore store;

    public LifecycleWork(ServerContext ctx) {
        this.ctx = ctx;
        this.store = new ObjectStore(ctx);
    }

    @Override
    public boolean expireCurrent(BucketRecord bucket, ObjectVersion current) throws MetadataException {
        return freed(() -> ctx.metadata().deleteObject(bucket.name(), current.key(), Instant.now(), bucket.owner(),
                newest -> newest.isPresent() && LifecycleActions.unchanged(current, newest.get())));
    }

    @Override
    public boolean removeNoncurrent(BucketRecord bucket, ObjectVersion version) throws MetadataException {
        return freed(() -> ctx.metadata().deleteVersion(bucket.name(), version.key(), version.versionId(),
                stored -> !stored.latest() && LifecycleActions.unchanged(version, stored.version())));
    }

    @Override
    public boolean removeLoneDeleteMarker(BucketRecord bucket, ObjectVersion marker) throws MetadataException {
        return freed(() -> ctx.metadata().deleteVersion(bucket.name(), marker.key(), marker.versionId(),
                stored -> stored.latest() && LifecycleActions.unchanged(marker, stored.version())));
    }

    @Override
    public boolean abortUpload(BucketRecord bucket, UploadRecord upload) throws MetadataException {
        List<PartRecord> parts;
        try {
            parts = ctx.metadata().abortUpload(bucket.name(), upload.key(), upload.uploadId());
        } catch (MetadataException e) {
            if (e.reason() == MetadataException.Reason.NO_SUCH_UPLOAD) {
                return false;
            }
            throw e;
        }
        parts.forEach(p -> ctx.data().delete(p.dataId()));
        return true;
    }

    /**
     * Moves the content now, on the scanner's thread, so transitions go one at a time at the pace of the pass. A
     * tier that fails is logged once per burst and backed off by the transition service; here it is only deferred.
     */
    @Override
    public TransitionResult transition(BucketRecord bucket, ObjectVersion version, String tier)
            throws MetadataException {
        TransitionService.Outcome outcome = ctx.tiering().transitions().transitionIf(bucket.name(), version.key(),
                version.versionId(), tier, stored -> LifecycleActions.unchanged(version, stored));
        return switch (outcome.status()) {
            case TRANSITIONED -> TransitionResult.MOVED;
            case ALREADY_TRANSITIONED, NO_SUCH_VERSION, CHANGED, IN_PROGRESS -> TransitionResult.SKIPPED;
            case UNKNOWN_TIER, TIER_UNAVAILABLE, BACKING_OFF -> TransitionResult.DEFERRED;
            case FAILED -> TransitionResult.FAILED;
        };
    }

    @FunctionalInterface
    private interface Commit {
        WriteResult run() throws MetadataException;
    }

    /** Runs the commit and frees what it displaced; false when its precondition found the object changed. */
    private boolean freed(Commit commit) throws MetadataException {
        WriteResult result;
        try {
            result = commit.run();
        } catch (MetadataException e) {
            if (e.reason() == MetadataException.Reason.PRECONDITION_FAILED) {
                return false;
            }
            throw e;
        }
        store.freeAll(result.displaced());
        return !result.displaced().isEmpty() || result.written() != null;
    }
}
