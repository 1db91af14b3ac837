package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn server} as a process: invalid configuration ends it with status 2 and one line, no stack trace. */
class ServerCommandLineTest {
    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    @Test
    void invalidConfigurationExitsWithStatusTwoAndOneLineNamingTheSetting() throws Exception {
        Path file = Files.writeString(tmp.resolve("cairn.yaml"), "scanner:\n  rate: 100\n  intervall: 5\n");
        Path data = Files.createDirectories(tmp.resolve("data"));

        assertRejected(run(Map.of(), "--config", file.toString(), data.toString()), "unknown setting scanner.intervall");
        assertRejected(run(Map.of("CAIRN_SCANNER_RATE", "-1"), data.toString()), "scanner.rate (CAIRN_SCANNER_RATE)");
        assertRejected(run(Map.of(), "--address", "localhost", data.toString()), "address (--address)");
        assertRejected(run(Map.of("CAIRN_MASTER_KEY", "k1:not-base64!"), data.toString()), "CAIRN_MASTER_KEY");
        assertRejected(run(Map.of(), "--config", tmp.resolve("absent.yaml").toString(), data.toString()),
                "no such file");
    }

    @Test
    void helpListsTheSettingsAndExitsZero() throws Exception {
        Run r = run(Map.of(), "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("scanner.rate", "--scanner-rate", "CAIRN_SCANNER_RATE", "--config FILE");
    }

    private static void assertRejected(Run r, String naming) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as("one line").hasSize(1);
        assertThat(r.err()).startsWith("cairn: ").contains(naming).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).isEmpty();
    }

    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.cairn.server.Main", "server"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
        pb.environment().putAll(env);
        int status = pb.start().waitFor();
        // The test class path has several SLF4J bindings (the packaged server has one): SLF4J says so on stderr.
        String err = Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("SLF4J: ")).map(l -> l + "\n").collect(Collectors.joining());
        return new Run(status, Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8), err);
    }
}
