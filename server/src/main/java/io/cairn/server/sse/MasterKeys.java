package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's master keys (key-encryption keys of SSE-S3 and of the local keyring), each with an id stored next
 * to everything it seals, so a new key can become current while the old ones still open what they sealed.
 *
 * <p>Sources: {@code CAIRN_MASTER_KEY} ({@code id:base64}, several separated by commas, the last current) and
 * the key file {@code DIR/.cairn/master-keys} (mode 0600, one {@code id base64} per line, the last current).
 * Without either, a key is generated into the file on first start. Keys from the file win as current because
 * rotation appends there. The key material is never logged or printed.
 */
public final class MasterKeys {
    public static final String ENV = "CAIRN_MASTER_KEY";
    static final String FILE = "master-keys";

    /** One master key. {@link #toString()} hides the material. */
    public record MasterKey(String id, SecretKey key) {
        @Override
        public String toString() {
            return "MasterKey[" + id + "]";
        }
    }

    private final Path file;
    private final Map<String, MasterKey> keys = new LinkedHashMap<>();
    private volatile MasterKey current;

    private MasterKeys(Path file) {
        this.file = file;
    }

    /** Loads the keys from the environment and the key file in {@code stateDir}, generating one if none exist. */
    public static MasterKeys load(Path stateDir, Map<String, String> env) throws IOException {
        MasterKeys m = new MasterKeys(stateDir.resolve(FILE));
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String entry : fromEnv.split(",")) {
                m.add(parse(entry.trim(), ENV));
            }
        }
        if (Files.exists(m.file)) {
            for (String line : Files.readAllLines(m.file, StandardCharsets.US_ASCII)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    m.add(parse(line.trim().replace(' ', ':'), m.file.toString()));
                }
            }
        }
        if (m.current == null) {
            m.append(generate());
        }
        return m;
    }

    public MasterKey current() {
        return current;
    }

    public Optional<MasterKey> get(String id) {
        synchronized (keys) {
            return Optional.ofNullable(keys.get(id));
        }
    }

    public List<String> ids() {
        synchronized (keys) {
            return new ArrayList<>(keys.keySet());
        }
    }

    /** Creates a new key, persists it (fsynced) and makes it current. @return its id */
    public String rotate() throws IOException {
        MasterKey k = generate();
        append(k);
        return k.id();
    }

    private static MasterKey generate() {
        // Ids sort by creation time; the random suffix keeps two rotations in one second apart.
        String id = "mk-" + Instant.now().getEpochSecond() + "-"
                + java.util.HexFormat.of().formatHex(Gcm.randomBytes(4));
        return new MasterKey(id, Gcm.key(Gcm.randomBytes(32)));
    }

    /** Rewrites the key file with the new key last: written to a temporary file, fsynced, renamed. */
    private synchronized void append(MasterKey k) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.US_ASCII))
                : new ArrayList<>();
        lines.add(k.id() + " " + Base64.getEncoder().encodeToString(k.key().getEncoded()));
        SecretFile.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        add(k);
    }

    private void add(MasterKey k) {
        synchronized (keys) {
            keys.put(k.id(), k);
        }
        current = k;
    }

    private static MasterKey parse(String entry, String where) {
        int colon = entry.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": a master key is id:base64 (32 bytes)");
        }
        String id = entry.substring(0, colon);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(where + ": master key ids are 1-64 of A-Z a-z 0-9 . _ -");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(entry.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": master key " + id + " is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(where + ": master key " + id + " must be 32 bytes");
        }
        return new MasterKey(id, Gcm.key(raw));
    }
}
