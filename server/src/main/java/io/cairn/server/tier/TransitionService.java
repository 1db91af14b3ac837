package io.cairn.server.tier;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.RemoteDeletion;
import io.cairn.server.storage.DataStore;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Moves one object version's stored bytes to a remote tier: copy, check, then flip the version's record to the
 * remote copy with a compare-and-set, and only then free the local files.
 *
 * <p>Crash safety: the remote copy is queued for deletion before it is written, and the queue entry is dropped only
 * once the version refers to it, so a crash before the flip leaves the version local and the stray copy is deleted
 * later ({@link RemoteDeleter} skips copies their version still refers to). A crash between the flip and the freeing
 * of the local files leaves orphans that the start-up sweep removes. A version that changed while it was being
 * copied (overwritten in an unversioned bucket, deleted, transitioned by someone else) is left as it is now and the
 * copy is deleted: the newer state always wins.
 */
public final class TransitionService {
    private static final System.Logger LOG = System.getLogger(TransitionService.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    /** What a transition did. */
    public enum Status {
        /** The content is now on the tier and no longer here. */
        TRANSITIONED,
        /** The version was already transitioned (to this or another tier); nothing done. */
        ALREADY_TRANSITIONED,
        /** No such version, or a delete marker (which has no content). */
        NO_SUCH_VERSION,
        /** The version changed while its content was copied; the copy was discarded. */
        CHANGED,
        /** Another transition of the same version is running. */
        IN_PROGRESS,
        /** No tier of that name is defined. */
        UNKNOWN_TIER,
        /** The tier failed now; the version is untouched. Retry later. */
        TIER_UNAVAILABLE,
        /** The tier failed recently and is backing off; nothing was tried. Retry later. */
        BACKING_OFF,
        /** The local content could not be read (damaged or missing data file); logged. */
        FAILED
    }

    /** @param version the version as stored after the call (null when there is none) */
    public record Outcome(Status status, ObjectVersion version, String detail) {
    }

    /** Counters since start-up. */
    public record Stats(long transitioned, long bytes, long failed) {
    }

    private final MetadataStore metadata;
    private final DataStore data;
    private final TierLookup tiers;
    private final TierHealth health;
    /** Remote keys being written, which the deleter must not touch yet. */
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    /** Versions being transitioned (bucket, key, version id), so a second request does not copy them twice. */
    private final Set<List<String>> running = ConcurrentHashMap.newKeySet();
    private final LongAdder transitioned = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public TransitionService(MetadataStore metadata, DataStore data, TierLookup tiers, TierHealth health) {
        this.metadata = metadata;
        this.data = data;
        this.tiers = tiers;
        this.health = health;
    }

    /**
     * Transitions a version unless its tier is backing off after a failure (then {@link Status#BACKING_OFF} at once:
     * background callers simply retry later).
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    public Outcome transition(String bucket, String key, String versionId, String tierName) throws MetadataException {
        return transition(bucket, key, versionId, tierName, false, v -> true);
    }

    /**
     * {@link #transition}, only if the stored version passes {@code expected} (say, it is still the one a lifecycle
     * decision was made on: a "null" version id is reused by overwrites); otherwise {@link Status#CHANGED}.
     */
    public Outcome transitionIf(String bucket, String key, String versionId, String tierName,
                                Predicate<ObjectVersion> expected) throws MetadataException {
        return transition(bucket, key, versionId, tierName, false, expected);
    }

    /** {@link #transition}, trying the tier even while it backs off (an administrator asked for it now). */
    public Outcome transitionNow(String bucket, String key, String versionId, String tierName)
            throws MetadataException {
        return transition(bucket, key, versionId, tierName, true, v -> true);
    }

    private Outcome transition(String bucket, String key, String versionId, String tierName, boolean now,
                               Predicate<ObjectVersion> expected) throws MetadataException {
        Optional<RemoteTier> tier = tiers.find(tierName);
        if (tier.isEmpty()) {
            return new Outcome(Status.UNKNOWN_TIER, null, "no tier named " + tierName);
        }
        Optional<ObjectVersion> found = metadata.version(bucket, key, versionId);
        if (found.isEmpty() || found.get().deleteMarker()) {
            return new Outcome(Status.NO_SUCH_VERSION, null, null);
        }
        if (found.get().transitioned()) {
            return new Outcome(Status.ALREADY_TRANSITIONED, found.get(), null);
        }
        if (!expected.test(found.get())) {
            return new Outcome(Status.CHANGED, found.get(), null);
        }
        if (!now && !health.ready(tierName)) {
            return new Outcome(Status.BACKING_OFF, found.get(), "tier " + tierName + " is backing off");
        }
        List<String> id = List.of(bucket, key, versionId);
        if (!running.add(id)) {
            return new Outcome(Status.IN_PROGRESS, found.get(), null);
        }
        try {
            return copyAndFlip(bucket, found.get(), tier.get(), tierName);
        } finally {
            running.remove(id);
        }
    }

    private Outcome copyAndFlip(String bucket, ObjectVersion v, RemoteTier tier, String tierName)
            throws MetadataException {
        String remoteKey = remoteKey(bucketId(bucket), v.key());
        List<Long> units = StoredContent.unitSizes(v);
        long storedSize = units.stream().mapToLong(Long::longValue).sum();
        TierState planned = new TierState(tierName, remoteKey, storedSize, "", v.isMultipart() ? units : List.of(),
                Instant.now(), null);
        writing.add(remoteKey);
        try {
            RemoteDeletion intent = metadata.queueRemoteDeletion(bucket, v.key(), v.versionId(), planned.toMap());
            String sha256;
            try {
                sha256 = copy(v, tier, remoteKey, storedSize);
            } catch (LocalReadException e) {
                return localFailure(bucket, v, tier, intent, remoteKey, e.getCause());
            } catch (TierException e) {
                health.failed(tierName, "transition", e);
                failed.increment();
                // The intent stays queued: whatever part of the copy exists is deleted once the tier answers.
                return new Outcome(Status.TIER_UNAVAILABLE, v, e.getMessage());
            } catch (IOException e) {
                return localFailure(bucket, v, tier, intent, remoteKey, e);
            }
            health.succeeded(tierName);
            TierState state = new TierState(tierName, remoteKey, storedSize, sha256, planned.partStoredSizes(),
                    Instant.now(), null);
            Optional<ObjectVersion> flipped = metadata.updateVersion(bucket, v.key(), v.versionId(),
                    current -> sameLocalContent(current, v) ? current.withLocation(state.toMap(), null, null,
                            TierState.withoutData(current.parts())) : null);
            if (flipped.isEmpty()) {
                discard(tier, intent, remoteKey);
                return new Outcome(Status.CHANGED, metadata.version(bucket, v.key(), v.versionId()).orElse(null),
                        null);
            }
            metadata.remoteDeletionDone(intent.id());
            v.dataIds().forEach(data::delete);
            transitioned.increment();
            bytes.add(storedSize);
            return new Outcome(Status.TRANSITIONED, flipped.get(), null);
        } finally {
            writing.remove(remoteKey);
        }
    }

    /**
     * Streams the stored bytes to the tier and checks what arrived; returns their SHA-256.
     *
     * @throws LocalReadException when reading the local content failed (whatever the tier client made of it)
     */
    private String copy(ObjectVersion v, RemoteTier tier, String remoteKey, long storedSize)
            throws IOException, TierException {
        MessageDigest sha = sha256();
        try (StoredContent content = new StoredContent(data, v);
             CountingStream in = new CountingStream(new DigestInputStream(content, sha))) {
            try {
                tier.put(remoteKey, in, storedSize);
            } catch (TierException | RuntimeException e) {
                if (in.failure != null) {
                    throw new LocalReadException(in.failure);
                }
                throw e;
            }
            if (in.failure != null) {
                throw new LocalReadException(in.failure);
            }
            if (in.count != storedSize) {
                throw new TierException("the tier took " + in.count + " of " + storedSize + " bytes", false, null);
            }
        }
        long remoteSize = tier.size(remoteKey);
        if (remoteSize != storedSize) {
            throw new TierException("the remote copy has " + remoteSize + " bytes, expected " + storedSize, false,
                    null);
        }
        return HEX.formatHex(sha.digest());
    }

    /** The local content could not be read: nothing to do with the tier, so no backoff; one line per object. */
    private Outcome localFailure(String bucket, ObjectVersion v, RemoteTier tier, RemoteDeletion intent,
                                 String remoteKey, IOException e) throws MetadataException {
        Optional<ObjectVersion> now = metadata.version(bucket, v.key(), v.versionId());
        if (now.isEmpty() || !sameLocalContent(now.get(), v)) {
            // Overwritten or deleted under us, which freed the files being read: the newer state wins.
            discard(tier, intent, remoteKey);
            return new Outcome(Status.CHANGED, now.orElse(null), null);
        }
        failed.increment();
        LOG.log(System.Logger.Level.WARNING, "transition of {0}/{1} version {2} failed reading its local data: {3}",
                bucket, v.key(), v.versionId(), e.toString());
        discard(tier, intent, remoteKey);
        return new Outcome(Status.FAILED, v, e.getMessage());
    }

    /** Deletes a copy no version refers to; if the tier refuses, the queued intent makes the deleter retry. */
    private void discard(RemoteTier tier, RemoteDeletion intent, String remoteKey) {
        try {
            tier.delete(remoteKey);
            metadata.remoteDeletionDone(intent.id());
        } catch (TierException e) {
            health.failed(tier.name(), "delete", e);
        }
    }

    /** True when {@code current} still has exactly the local content {@code copied} had when the copy started. */
    private static boolean sameLocalContent(ObjectVersion current, ObjectVersion copied) {
        return !current.transitioned() && !current.deleteMarker()
                && current.lastModified().equals(copied.lastModified())
                && Objects.equals(current.etag(), copied.etag())
                && Objects.equals(current.dataId(), copied.dataId())
                && Arrays.equals(current.inline(), copied.inline())
                && current.dataIds().equals(copied.dataIds());
    }

    /** Whether the deleter must leave a remote key alone because a transition is writing it. */
    boolean writing(String remoteKey) {
        return writing.contains(remoteKey);
    }

    public Stats stats() {
        return new Stats(transitioned.sum(), bytes.sum(), failed.sum());
    }

    private long bucketId(String bucket) throws MetadataException {
        Optional<BucketRecord> b = metadata.bucket(bucket);
        if (b.isEmpty()) {
            throw new MetadataException(MetadataException.Reason.NO_SUCH_BUCKET, "no such bucket: " + bucket);
        }
        return b.get().id();
    }

    /**
     * Never the object key itself (any length, any characters, and reused by later versions): the bucket's
     * never-reused id, a hash of the key to keep a key's copies together, and a random id unique to this copy.
     */
    static String remoteKey(long bucketId, String key) {
        byte[] hash = sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        return bucketId + "/" + HEX.formatHex(hash, 0, 16) + "/" + DataStore.newId();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reading the local content failed while a tier client was consuming it. */
    private static final class LocalReadException extends IOException {
        LocalReadException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * Counts the bytes a tier client took (a client that stopped early is caught) and keeps the local read failure
     * it saw (tier clients wrap it into their own exceptions).
     */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;
        IOException failure;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) {
            return 0;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
