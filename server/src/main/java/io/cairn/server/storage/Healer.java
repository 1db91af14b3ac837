package io.cairn.server.storage;

import io.cairn.erasure.ErasureLayout;
import io.cairn.erasure.ShardRepair;
import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.VersionPage;
import io.cairn.meta.VersionQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finds erasure-coded objects with missing or damaged shards and rewrites those shards from the others. Runs on
 * its own thread: objects reported by reads and writes ({@link #suspect}), a full pass when a drive came back
 * empty ({@link #healAllSoon}), and on request ({@link #heal}, the admin API). Each object is checked by reading
 * every chunk of every shard; only the bad shards are written (to {@code tmp/}, fsynced, renamed over the old).
 * A heal and a delete of the same data never interleave ({@link ErasureDataStore#lock}), so healing never
 * resurrects deleted data.
 */
public final class Healer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Healer.class.getName());
    private static final int MAX_SUSPECTS = 100_000;
    private static final int PAGE = 1000;

    private final ErasureDataStore store;
    private final MetadataStore metadata;
    private final Set<String> suspects = new LinkedHashSet<>();
    private final AtomicBoolean fullPassWanted = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong healed = new AtomicLong();
    private final AtomicLong shardsWritten = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** What one heal request did. */
    public record Report(long checked, long healed, long shardsWritten, long failed, long unreachable) {
        Report plus(Outcome o) {
            return new Report(checked + 1, healed + (o.shards > 0 ? 1 : 0), shardsWritten + o.shards,
                    failed + (o.failed ? 1 : 0), unreachable + (o.unreachable ? 1 : 0));
        }
    }

    private record Outcome(int shards, boolean failed, boolean unreachable) {
        static final Outcome HEALTHY = new Outcome(0, false, false);
    }

    public Healer(ErasureDataStore store, MetadataStore metadata) {
        this.store = store;
        this.metadata = metadata;
        store.onDegraded(this::suspect);
        this.thread = new Thread(this::run, "cairn-heal");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Data found incomplete or damaged: healed soon, once. */
    public void suspect(String id) {
        synchronized (suspects) {
            if (suspects.size() < MAX_SUSPECTS) {
                suspects.add(id);
            } else {
                fullPassWanted.set(true);
            }
            suspects.notifyAll();
        }
    }

    /** A drive came back empty: every object has a shard to rewrite there. */
    public void healAllSoon() {
        fullPassWanted.set(true);
        synchronized (suspects) {
            suspects.notifyAll();
        }
    }

    /**
     * Checks and heals the objects of {@code bucket} under {@code prefix} (every version and the parts of
     * uploads in progress are data too, but only versions are walked here), or everything when bucket is null.
     */
    public Report heal(String bucket, String prefix) throws MetadataException {
        Report[] report = {new Report(0, 0, 0, 0, 0)};
        if (bucket == null) {
            List<String> ids = new ArrayList<>();
            metadata.forEachDataId(ids::add);
            for (String id : ids) {
                report[0] = report[0].plus(healOne(id));
            }
            return report[0];
        }
        String keyMarker = null;
        String versionMarker = null;
        while (true) {
            VersionPage page = metadata.listVersions(bucket,
                    new VersionQuery(prefix == null ? "" : prefix, null, keyMarker, versionMarker, PAGE));
            for (VersionPage.Entry e : page.versions()) {
                for (String id : e.version().dataIds()) {
                    report[0] = report[0].plus(healOne(id));
                }
            }
            if (!page.truncated()) {
                return report[0];
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
    }

    private Outcome healOne(String id) {
        ReentrantLock lock = store.lock(id);
        lock.lock();
        try {
            checked.incrementAndGet();
            return repair(id);
        } finally {
            lock.unlock();
        }
    }

    private Outcome repair(String id) {
        ErasureDataStore.Shards shards;
        try {
            shards = ErasureDataStore.Shards.open(store, id);
        } catch (NoSuchFileException e) {
            // Deleted meanwhile, or every shard lost: nothing to rebuild from.
            return Outcome.HEALTHY;
        } catch (IOException e) {
            return fail(id, e);
        }
        try (shards) {
            ErasureLayout layout = shards.layout(id);
            Map<Integer, String> bad = ShardRepair.check(layout, shards.sources());
            if (bad.isEmpty()) {
                return Outcome.HEALTHY;
            }
            Map<Integer, OutputStream> outputs = new TreeMap<>();
            Map<Integer, NewShardFile> files = new TreeMap<>();
            Map<Integer, Path> temps = new TreeMap<>();
            boolean unreachable = false;
            try {
                for (int shard : bad.keySet()) {
                    DriveSet.Drive d = store.drives().drive(store.driveOf(id, shard));
                    if (!d.online()) {
                        unreachable = true;
                        continue;
                    }
                    Path tmp = d.state().resolve("tmp").resolve(id + "." + shard + ".heal");
                    // Left by a heal that was interrupted: this one starts over.
                    Files.deleteIfExists(tmp);
                    NewShardFile file = NewShardFile.create(tmp);
                    temps.put(shard, tmp);
                    files.put(shard, file);
                    outputs.put(shard, file.stream());
                }
                if (outputs.isEmpty()) {
                    return new Outcome(0, false, true);
                }
                ShardRepair.rebuild(store.codec(layout), layout, shards.sources(),
                        outputs);
                for (Map.Entry<Integer, NewShardFile> e : files.entrySet()) {
                    int shard = e.getKey();
                    e.getValue().sync();
                    e.getValue().close();
                    DriveSet.Drive d = store.drives().drive(store.driveOf(id, shard));
                    FileDataStore.moveIntoPlace(temps.get(shard), store.shardPath(d, id));
                    temps.remove(shard);
                }
                healed.incrementAndGet();
                shardsWritten.addAndGet(files.size());
                LOG.log(System.Logger.Level.INFO, "healed data {0}: rewrote shards {1} ({2})", id,
                        files.keySet(), bad);
                return new Outcome(files.size(), false, unreachable);
            } finally {
                for (NewShardFile file : files.values()) {
                    file.close();
                }
                for (Path p : temps.values()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            return fail(id, e);
        }
    }

    private Outcome fail(String id, IOException e) {
        failed.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "cannot heal data {0}: {1}", id, e.toString());
        return new Outcome(0, true, false);
    }

    private void run() {
        while (!closed) {
            String next = null;
            synchronized (suspects) {
                if (suspects.isEmpty() && !fullPassWanted.get()) {
                    try {
                        suspects.wait(5_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                if (!suspects.isEmpty()) {
                    var it = suspects.iterator();
                    next = it.next();
                    it.remove();
                }
            }
            try {
                if (next != null) {
                    healOne(next);
                } else if (fullPassWanted.getAndSet(false)) {
                    Report r = heal(null, null);
                    LOG.log(System.Logger.Level.INFO, "heal pass: {0} checked, {1} healed ({2} shards), {3} failed, "
                            + "{4} left for drives still offline", r.checked(), r.healed(), r.shardsWritten(),
                            r.failed(), r.unreachable());
                }
            } catch (MetadataException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "heal pass failed: {0}", e.toString());
            }
        }
    }

    public long checked() {
        return checked.get();
    }

    public long healed() {
        return healed.get();
    }

    public long shardsWritten() {
        return shardsWritten.get();
    }

    public long failed() {
        return failed.get();
    }

    public int pending() {
        synchronized (suspects) {
            return suspects.size();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
