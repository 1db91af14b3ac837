package io.cairn.server.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * The drives of one erasure set and whether each is usable. Every drive carries a format file
 * ({@code .cairn/format}: the set's id, the drive's position and the drive count), so a drive that went away and
 * came back is recognised, an empty (replaced) drive is formatted and healed, and drives given in the wrong order
 * or from another set are refused at start.
 */
public final class DriveSet {
    private static final System.Logger LOG = System.getLogger(DriveSet.class.getName());
    static final String FORMAT = "format";

    private final List<Drive> drives;
    private final String setId;

    /** One drive: its root directory (the server keeps its files under {@code root/.cairn}). */
    public static final class Drive {
        private final int index;
        private final Path root;
        private final Path state;
        private final AtomicBoolean online = new AtomicBoolean(true);

        Drive(int index, Path root) {
            this.index = index;
            this.root = root;
            this.state = root.resolve(".cairn");
        }

        public int index() {
            return index;
        }

        public Path root() {
            return root;
        }

        /** Where the server keeps its files on this drive. */
        public Path state() {
            return state;
        }

        public boolean online() {
            return online.get();
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }

    private DriveSet(List<Drive> drives, String setId) {
        this.drives = drives;
        this.setId = setId;
    }

    /**
     * Checks and formats the drives: all drives of a set name the same set id and their own position. Drives
     * without a format file are formatted when they hold no data (new, or replaced); a drive that is missing or
     * unreadable starts offline.
     *
     * @throws IOException with a message naming the drive when the drives do not form one set
     */
    public static DriveSet open(List<Path> roots) throws IOException {
        List<Drive> drives = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            drives.add(new Drive(i, roots.get(i)));
        }
        String setId = null;
        for (Drive d : drives) {
            Format f = readFormat(d);
            if (f == null) {
                continue;
            }
            if (f.count() != roots.size() || f.index() != d.index) {
                throw new IOException("drive " + d.root + " is drive " + (f.index() + 1) + " of " + f.count()
                        + " in its erasure set, but was given as drive " + (d.index + 1) + " of " + roots.size()
                        + "; give the drives in their original order");
            }
            if (setId != null && !setId.equals(f.setId())) {
                throw new IOException("drive " + d.root + " belongs to another erasure set (" + f.setId() + ", not "
                        + setId + ")");
            }
            setId = f.setId();
        }
        boolean existing = setId != null;
        DriveSet set = new DriveSet(List.copyOf(drives), existing ? setId : UUID.randomUUID().toString());
        for (Drive d : drives) {
            // A drive of an existing set whose directory is gone is not re-created on whatever filesystem holds
            // its mount point; it stays offline until it is back.
            if (readFormat(d) == null && (existing && !Files.isDirectory(d.root) || !set.tryFormat(d))) {
                d.online.set(false);
                LOG.log(System.Logger.Level.WARNING, "drive {0} is not usable; starting without it", d.root);
            }
        }
        return set;
    }

    public List<Drive> drives() {
        return drives;
    }

    public Drive drive(int index) {
        return drives.get(index);
    }

    public int size() {
        return drives.size();
    }

    public int online() {
        int n = 0;
        for (Drive d : drives) {
            n += d.online() ? 1 : 0;
        }
        return n;
    }

    /** An I/O error on the drive: it is not used again until {@link #check} finds it healthy. */
    public void failed(Drive d, Exception e) {
        if (d.online.compareAndSet(true, false)) {
            LOG.log(System.Logger.Level.WARNING, "drive {0} is offline: {1}", d.root, e.toString());
        }
    }

    /**
     * Looks at every drive: one whose directory or format file went away goes offline; one that is back with its
     * format goes online; one that is back empty (a replaced drive) is formatted, goes online, and is reported to
     * {@code formatted} so its content can be healed.
     */
    public void check(IntConsumer formatted) {
        for (Drive d : drives) {
            Format f;
            try {
                f = readFormat(d);
            } catch (IOException e) {
                failed(d, e);
                continue;
            }
            if (f != null && f.setId().equals(setId) && f.index() == d.index) {
                if (Files.isDirectory(d.state.resolve("data")) && Files.isDirectory(d.state.resolve("tmp"))
                        && d.online.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "drive {0} is online again", d.root);
                }
                if (!Files.isDirectory(d.state.resolve("data"))) {
                    failed(d, new NoSuchFileException(d.state.resolve("data").toString()));
                }
                continue;
            }
            if (f != null) {
                failed(d, new IOException("format file names another set or position"));
                continue;
            }
            if (!Files.isDirectory(d.root)) {
                failed(d, new NoSuchFileException(d.root.toString()));
                continue;
            }
            d.online.set(false);
            if (tryFormat(d)) {
                LOG.log(System.Logger.Level.INFO, "drive {0} was empty: formatted as drive {1} of {2}; healing it",
                        d.root, d.index + 1, drives.size());
                d.online.set(true);
                formatted.accept(d.index);
            }
        }
    }

    /** Formats a drive holding no Cairn data; false (and a log line) when it holds some or cannot be written. */
    private boolean tryFormat(Drive d) {
        try {
            Path data = d.state.resolve("data");
            if (Files.isDirectory(data)) {
                try (var files = Files.list(data)) {
                    if (files.findAny().isPresent()) {
                        LOG.log(System.Logger.Level.ERROR, "drive {0} holds data but no format file (a single-drive "
                                + "Cairn directory?); erasure sets start from empty drives", d.root);
                        return false;
                    }
                }
            }
            Files.createDirectories(data);
            Files.createDirectories(d.state.resolve("tmp"));
            Path file = d.state.resolve(FORMAT);
            Path tmp = d.state.resolve(FORMAT + ".tmp");
            Files.writeString(tmp, "cairn-erasure-set 1\nset " + setId + "\ndrive " + d.index + "\ncount "
                    + drives.size() + "\n", StandardCharsets.UTF_8);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileDataStore.fsyncDirectory(d.state);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot format drive {0}: {1}", d.root, e.toString());
            return false;
        }
    }

    private record Format(String setId, int index, int count) {
    }

    private static Format readFormat(Drive d) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(d.state.resolve(FORMAT), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        String set = null;
        int index = -1;
        int count = -1;
        for (String line : lines) {
            String[] kv = line.split(" ", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "set" -> set = kv[1].trim();
                case "drive" -> index = parse(kv[1], d);
                case "count" -> count = parse(kv[1], d);
                default -> {
                }
            }
        }
        if (set == null || index < 0 || count < 1) {
            throw new IOException("format file of drive " + d.root + " is damaged");
        }
        return new Format(set, index, count);
    }

    private static int parse(String s, Drive d) throws IOException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IOException("format file of drive " + d.root + " is damaged");
        }
    }
}
