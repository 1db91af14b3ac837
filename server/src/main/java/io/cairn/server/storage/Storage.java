package io.cairn.server.storage;

import io.cairn.meta.MetadataStore;
import io.cairn.meta.RocksMetadataStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The drives a server was given and what lives on them: object data (plain files on one drive, erasure-coded over
 * 4 to 16), the directories of the metadata copies, and the directory of the state files (credentials, keys).
 *
 * <p>In an erasure set with m parity shards, the metadata and the state files are kept on the first m + 1 drives,
 * so they survive the loss of any m drives as the object data does. A monitor looks at the drives every
 * {@link #CHECK_SECONDS} seconds: drives that went away go offline, drives that are back come online, empty ones
 * are formatted and healed, the state files are copied to the metadata drives that lack the newest copy, and the
 * metadata copies follow the metadata drives (dropped when one goes away, rebuilt when it is back).
 */
public final class Storage implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Storage.class.getName());
    public static final int MIN_DRIVES = 4;
    public static final int MAX_DRIVES = 16;
    static final long CHECK_SECONDS = 2;

    private final DataStore data;
    private final DriveSet drives;
    private final ErasureDataStore erasure;
    private final List<DriveSet.Drive> metadataDrives;
    private final Path stateDir;
    private Healer healer;
    private MetadataStore metadata;
    private ScheduledExecutorService monitor;

    private Storage(DataStore data, DriveSet drives, ErasureDataStore erasure, List<DriveSet.Drive> metadataDrives,
                    Path stateDir) {
        this.data = data;
        this.drives = drives;
        this.erasure = erasure;
        this.metadataDrives = metadataDrives;
        this.stateDir = stateDir;
    }

    /**
     * Opens the drives: one is a plain directory; 4 to 16 an erasure set with {@code parity} (0 for the default)
     * and {@code reducedParity} (0: half of it, at least 1) parity shards.
     *
     * @throws IllegalArgumentException for a drive count or parity that cannot work
     * @throws IOException              when the drives do not form one set, or none that holds metadata is usable
     */
    public static Storage open(List<Path> roots, int parity, int reducedParity) throws IOException {
        if (roots.size() == 1) {
            Path state = roots.get(0).resolve(".cairn");
            Files.createDirectories(state);
            return new Storage(new FileDataStore(state), null, null, List.of(), state);
        }
        if (roots.size() < MIN_DRIVES || roots.size() > MAX_DRIVES) {
            throw new IllegalArgumentException("an erasure set needs " + MIN_DRIVES + " to " + MAX_DRIVES
                    + " drives, got " + roots.size());
        }
        int m = parity > 0 ? parity : ErasureDataStore.defaultParity(roots.size());
        int reduced = reducedParity > 0 ? reducedParity : Math.max(1, m / 2);
        DriveSet set = DriveSet.open(roots);
        ErasureDataStore store = new ErasureDataStore(set, m, reduced);
        List<DriveSet.Drive> metadataDrives = set.drives().subList(0, m + 1);
        List<Path> states = onlineStates(metadataDrives);
        if (states.isEmpty()) {
            throw new IOException("none of the drives that hold the metadata (" + metadataDrives + ") is usable");
        }
        StateFiles.sync(states);
        return new Storage(store, set, store, metadataDrives, states.get(0));
    }

    private static List<Path> onlineStates(List<DriveSet.Drive> drives) {
        List<Path> out = new ArrayList<>();
        for (DriveSet.Drive d : drives) {
            if (d.online()) {
                out.add(d.state());
            }
        }
        return out;
    }

    public DataStore data() {
        return data;
    }

    /** Where the state files (credentials, keys) are read and written. */
    public Path stateDir() {
        return stateDir;
    }

    /** Directories of the metadata copies (one without an erasure set). */
    public List<Path> metadataDirs() {
        if (drives == null) {
            return List.of(stateDir.resolve("meta"));
        }
        return onlineStates(metadataDrives).stream().map(s -> s.resolve("meta")).toList();
    }

    /** The erasure set's drives, or null for one plain drive. */
    public DriveSet drives() {
        return drives;
    }

    /** The erasure-coded store, or null for one plain drive. */
    public ErasureDataStore erasure() {
        return erasure;
    }

    /** The healer of an erasure set (null for one drive); exists once {@link #start} ran. */
    public Healer healer() {
        return healer;
    }

    /**
     * Starts healing and the drive monitor (an erasure set only), after the server wrote its state files (keys
     * generated on a first start are copied at once).
     */
    public void start(MetadataStore metadata) {
        if (erasure == null) {
            return;
        }
        this.metadata = metadata;
        check();
        healer = new Healer(erasure, metadata);
        healer.start();
        monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-drives");
            t.setDaemon(true);
            return t;
        });
        monitor.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    private void check() {
        try {
            drives.check(formatted -> {
                if (healer != null) {
                    healer.healAllSoon();
                }
            });
            StateFiles.sync(onlineStates(metadataDrives));
            if (metadata instanceof RocksMetadataStore rocks) {
                rocks.keepCopies(metadataDirs());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "drive check failed: {0}", e.toString());
        }
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.shutdownNow();
        }
        if (healer != null) {
            healer.close();
        }
    }
}
