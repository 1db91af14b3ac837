package io.cairn.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;

/**
 * The root access key and secret: from CAIRN_ROOT_USER / CAIRN_ROOT_PASSWORD, or else generated on first start
 * and kept (mode 0600) in the data directory so the quick start needs no configuration.
 */
public record RootCredentials(String accessKey, String secretKey, Source source) {
    public enum Source { ENVIRONMENT, FILE, GENERATED }

    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static RootCredentials load(Map<String, String> env, Path stateDir) throws IOException {
        String user = env.get("CAIRN_ROOT_USER");
        String password = env.get("CAIRN_ROOT_PASSWORD");
        if (user != null && !user.isBlank() && password != null && !password.isBlank()) {
            if (user.length() < 3 || password.length() < 8) {
                throw new IllegalArgumentException(
                        "CAIRN_ROOT_USER needs at least 3 characters and CAIRN_ROOT_PASSWORD at least 8");
            }
            return new RootCredentials(user, password, Source.ENVIRONMENT);
        }
        Path file = stateDir.resolve("root-credentials");
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            return new RootCredentials(p.getProperty("accessKey"), p.getProperty("secretKey"), Source.FILE);
        }
        SecureRandom random = new SecureRandom();
        RootCredentials c = new RootCredentials(randomString(random, KEY_CHARS, 20),
                randomString(random, SECRET_CHARS, 40), Source.GENERATED);
        Properties p = new Properties();
        p.setProperty("accessKey", c.accessKey);
        p.setProperty("secretKey", c.secretKey);
        Files.createDirectories(stateDir);
        Path tmp = stateDir.resolve("root-credentials.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
            p.store(out, "Cairn root credentials (generated; set CAIRN_ROOT_USER/CAIRN_ROOT_PASSWORD to override)");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return c;
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        // Never let the secret reach a log line through string conversion.
        return "RootCredentials[accessKey=" + accessKey + ", source=" + source + "]";
    }
}
