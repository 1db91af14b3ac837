package io.cairn.conformance;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Cairn server in its own JVM (same classpath as the tests), for what an in-process server cannot show:
 * a SIGKILL mid-write, or a small heap.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Launch launch;
    private final Path log;

    /** How the process was started, so it can be started again the same way. */
    private record Launch(Path dataDir, int port, List<String> jvmOptions, List<String> mainAndArgs,
                          Map<String, String> extraEnv) {
    }

    private ServerProcess(Process process, Launch launch, Path log) {
        this.process = process;
        this.launch = launch;
        this.log = log;
    }

    static ServerProcess start(Path dataDir, List<String> jvmOptions) throws IOException, InterruptedException {
        return start(dataDir, jvmOptions, Map.of());
    }

    /** A server on several drives (an erasure set); its log goes next to the first. */
    static ServerProcess startDrives(List<Path> drives, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("io.cairn.server.Main", "server", "--address", "127.0.0.1:" + port));
        drives.forEach(d -> args.add(d.toString()));
        return launch(new Launch(drives.get(0), port, jvmOptions, args, Map.of()));
    }

    /** @param extraEnv settings for the server beyond the root credentials (e.g. CAIRN_SCANNER_RATE) */
    static ServerProcess start(Path dataDir, List<String> jvmOptions, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        int port = freePort();
        return launch(new Launch(dataDir, port, jvmOptions, List.of("io.cairn.server.Main", "server", "--address",
                "127.0.0.1:" + port, dataDir.toString()), extraEnv));
    }

    /** A server whose tier "COLD" is a {@link DirectoryTier} in {@code tierDir} ({@link TieredServerMain}). */
    static ServerProcess startTiered(Path dataDir, Path tierDir, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port = freePort();
        return launch(new Launch(dataDir, port, jvmOptions, List.of(TieredServerMain.class.getName(),
                dataDir.toString(), Integer.toString(port), tierDir.toString()), Map.of()));
    }

    /** Starts the server again as it was started (same data directory, port and settings) once it has ended. */
    ServerProcess restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        return launch(launch);
    }

    private static ServerProcess launch(Launch launch) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(launch.jvmOptions());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // The erasure codec's Vector API kernel (see bin/cairn).
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(launch.mainAndArgs());
        Path dataDir = launch.dataDir();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY);
        env.put("CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY);
        env.putAll(launch.extraEnv());
        ServerProcess server = new ServerProcess(pb.start(), launch, log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited: " + java.nio.file.Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/_cairn/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready in time: " + java.nio.file.Files.readString(log));
    }

    int port() {
        return launch.port();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + launch.port());
    }

    S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CairnTestServer.credentials())
                .forcePathStyle(true)
                .build();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut looks to the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGTERM, as systemd, docker and Kubernetes stop a service, and waits for the process to end.
     *
     * @return its exit status
     * @throws AssertionError when it is still running after {@code limit}
     */
    int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + limit + " of SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * SIGSTOP: the server keeps its connections and the kernel still accepts new ones, but nothing is answered
     * until {@link #resume} (a remote that hangs rather than fails). POSIX only.
     */
    void pause() throws IOException, InterruptedException {
        signal(process.pid(), "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws IOException, InterruptedException {
        signal(process.pid(), "CONT");
    }

    /** Sends a signal by name ("STOP", "CONT") with kill(1). */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    String log() throws IOException {
        return java.nio.file.Files.readString(log);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
