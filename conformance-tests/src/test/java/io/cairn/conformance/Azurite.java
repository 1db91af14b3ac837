package io.cairn.conformance;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite, the Azure Storage emulator, as a child process on a free loopback port. It comes from npm, installed
 * on first use into a cache outside the repository ({@code $CAIRN_AZURITE_HOME}, default
 * {@code ~/.cache/cairn-azurite}; .ci/run installs it there up front). When it cannot be installed or started the
 * tests fail, unless {@code CAIRN_SKIP_AZURITE=1} says to skip them.
 */
final class Azurite implements AutoCloseable {
    static final String VERSION = "3.37.0";
    /** Azurite's well-known development account and key (published in its documentation, not a secret). */
    static final String ACCOUNT = "devstoreaccount1";
    static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String SKIP_ENV = "CAIRN_SKIP_AZURITE";

    private final Process process;
    private final int port;
    private final Path dir;

    private Azurite(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The blob endpoint with the account in the path, as Azurite addresses it. */
    String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    static Azurite start() {
        try {
            Path bin = install();
            Path dir = Files.createTempDirectory("cairn-azurite-");
            int port = ServerProcess.freePort();
            Process p = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                    Integer.toString(port), "--location", dir.resolve("data").toString(), "--skipApiVersionCheck",
                    "--silent")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("azurite.log").toFile())
                    .start();
            Azurite a = new Azurite(p, port, dir);
            a.awaitListening(Duration.ofSeconds(60));
            return a;
        } catch (IOException e) {
            return unavailable("Azurite could not be installed or started: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path home() {
        String configured = System.getenv("CAIRN_AZURITE_HOME");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "cairn-azurite");
    }

    /** The azurite-blob launcher of the pinned version, installed with npm when missing. */
    private static Path install() throws IOException, InterruptedException {
        Path home = home();
        Path bin = home.resolve("node_modules/.bin/azurite-blob");
        Path pkg = home.resolve("node_modules/azurite/package.json");
        if (Files.isExecutable(bin) && Files.exists(pkg)
                && Files.readString(pkg).contains("\"version\": \"" + VERSION + "\"")) {
            return bin;
        }
        Files.createDirectories(home);
        Path log = home.resolve("npm-install.log");
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                    "azurite@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            return unavailable("npm is needed to install Azurite " + VERSION + ": " + e.getMessage());
        }
        if (!npm.waitFor(10, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            return unavailable("npm install azurite@" + VERSION + " timed out; see " + log);
        }
        if (npm.exitValue() != 0 || !Files.isExecutable(bin)) {
            List<String> lines = Files.readAllLines(log);
            return unavailable("npm install azurite@" + VERSION + " failed (exit " + npm.exitValue() + "): "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        return bin;
    }

    /** Fails loudly, or skips when the environment asks for it. */
    private static <T> T unavailable(String why) {
        Assumptions.assumeFalse("1".equals(System.getenv(SKIP_ENV)), why + " (skipped: " + SKIP_ENV + "=1)");
        throw new IllegalStateException(why + " (set " + SKIP_ENV + "=1 to skip the Azure tests)");
    }

    private void awaitListening(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                unavailable("Azurite exited: " + Files.readString(dir.resolve("azurite.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        unavailable("Azurite did not listen within " + timeout.toSeconds() + " s");
    }

    /** SIGSTOP: Azurite accepts connections but answers nothing until {@link #resume} (a hanging remote). */
    void pause() throws IOException, InterruptedException {
        ServerProcess.signal(process.pid(), "STOP");
    }

    void resume() throws IOException, InterruptedException {
        ServerProcess.signal(process.pid(), "CONT");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            // Azurite's graceful stop waits for idle keep-alive connections of the clients; its data is thrown away.
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
