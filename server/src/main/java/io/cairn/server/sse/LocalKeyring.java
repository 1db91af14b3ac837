package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in KMS: named 256-bit keys in {@code DIR/.cairn/kms-keyring} (mode 0600), one line per key,
 * {@code name masterKeyId base64(sealed material)}. The material is sealed by a master key, so the file alone
 * opens nothing; {@link #resealAll} moves every key to the current master key after a rotation.
 */
public final class LocalKeyring implements Kms {
    static final String FILE = "kms-keyring";
    private static final String DEFAULT_KEY = "default";

    private record Entry(String name, String masterKeyId, byte[] sealed, SecretKey key) {
    }

    private final Path file;
    private final MasterKeys masters;
    private final String arnPrefix;
    private final Map<String, Entry> keys = new LinkedHashMap<>();

    private LocalKeyring(Path file, MasterKeys masters, String region) {
        this.file = file;
        this.masters = masters;
        this.arnPrefix = "arn:aws:kms:" + region + ":000000000000:key/";
    }

    public static LocalKeyring load(Path stateDir, MasterKeys masters, String region) throws IOException {
        LocalKeyring k = new LocalKeyring(stateDir.resolve(FILE), masters, region);
        if (Files.exists(k.file)) {
            for (String line : Files.readAllLines(k.file, StandardCharsets.US_ASCII)) {
                String[] f = line.trim().split(" ");
                if (f.length != 3) {
                    continue;
                }
                byte[] sealed = Base64.getDecoder().decode(f[2]);
                MasterKeys.MasterKey mk = masters.get(f[1]).orElseThrow(() -> new IllegalStateException(
                        "KMS key " + f[0] + " is sealed by master key " + f[1] + ", which is not configured"));
                SecretKey key = Gcm.key(KeyWrap.open(mk.key(), sealed, aad(f[0])));
                k.keys.put(f[0], new Entry(f[0], f[1], sealed, key));
            }
        }
        return k;
    }

    private static String aad(String name) {
        return "cairn-kms-key-v1|" + name;
    }

    @Override
    public synchronized Optional<String> resolve(String keyIdOrArn) {
        String name = keyIdOrArn;
        if (name.startsWith(arnPrefix)) {
            name = name.substring(arnPrefix.length());
        } else if (name.startsWith("arn:") && name.contains(":key/")) {
            name = name.substring(name.lastIndexOf(":key/") + 5);
        } else if (name.startsWith("alias/")) {
            name = name.substring(6);
        }
        return keys.containsKey(name) ? Optional.of(name) : Optional.empty();
    }

    @Override
    public String arn(String keyId) {
        return arnPrefix + keyId;
    }

    @Override
    public synchronized String defaultKeyId() {
        if (!keys.containsKey(DEFAULT_KEY)) {
            createKey(DEFAULT_KEY);
        }
        return DEFAULT_KEY;
    }

    @Override
    public byte[] encrypt(String keyId, byte[] dataKey, String context) {
        return KeyWrap.seal(entry(keyId).key(), dataKey, "cairn-kms-dk-v1|" + keyId + "|" + context);
    }

    @Override
    public byte[] decrypt(String keyId, byte[] sealed, String context) {
        return KeyWrap.open(entry(keyId).key(), sealed, "cairn-kms-dk-v1|" + keyId + "|" + context);
    }

    @Override
    public synchronized String createKey(String name) {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9/_.-]{0,63}")) {
            throw new IllegalArgumentException("key names are 1-64 of A-Z a-z 0-9 / _ . -");
        }
        if (keys.containsKey(name)) {
            throw new IllegalArgumentException("a key named " + name + " exists");
        }
        SecretKey key = Gcm.key(Gcm.randomBytes(32));
        MasterKeys.MasterKey mk = masters.current();
        keys.put(name, new Entry(name, mk.id(), KeyWrap.seal(mk.key(), key.getEncoded(), aad(name)), key));
        save();
        return name;
    }

    @Override
    public synchronized List<String> listKeys() {
        return new ArrayList<>(keys.keySet());
    }

    /** Re-seals every key's material under the current master key. @return how many changed */
    public synchronized int resealAll() {
        MasterKeys.MasterKey mk = masters.current();
        int n = 0;
        for (Entry e : List.copyOf(keys.values())) {
            if (!e.masterKeyId().equals(mk.id())) {
                keys.put(e.name(), new Entry(e.name(), mk.id(), KeyWrap.seal(mk.key(), e.key().getEncoded(),
                        aad(e.name())), e.key()));
                n++;
            }
        }
        if (n > 0) {
            save();
        }
        return n;
    }

    private synchronized Entry entry(String keyId) {
        Entry e = keys.get(keyId);
        if (e == null) {
            throw new IntegrityException("KMS key " + keyId + " does not exist");
        }
        return e;
    }

    private void save() {
        StringBuilder out = new StringBuilder();
        for (Entry e : keys.values()) {
            out.append(e.name()).append(' ').append(e.masterKeyId()).append(' ')
                    .append(Base64.getEncoder().encodeToString(e.sealed())).append('\n');
        }
        try {
            SecretFile.write(file, out.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
