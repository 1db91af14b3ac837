package io.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cairn.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {
    private static final Path EXAMPLE = Path.of("..", "docs", "cairn.example.yaml");

    @TempDir
    Path tmp;

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheFile() throws Exception {
        Path file = yaml("""
                address: 127.0.0.1:7000
                region: from-file
                domains: [file.example]
                scanner:
                  rate: 10
                  interval-seconds: 60
                metrics:
                  enabled: off
                """);
        Configuration c = resolve(List.of("--config", file.toString(), "--region", "from-flag", "--domain",
                "Flag.Example", tmp.toString()), Map.of("CAIRN_REGION", "from-env", "CAIRN_SCANNER_RATE", "20",
                "CAIRN_DOMAINS", "env.example"));

        ServerConfig s = c.server();
        assertThat(s.region()).isEqualTo("from-flag");
        assertThat(s.domains()).containsExactly("flag.example");
        assertThat(s.scannerRate()).isEqualTo(20);
        assertThat(s.scannerInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.address()).isEqualTo(new InetSocketAddress("127.0.0.1", 7000));
        assertThat(s.dataDir()).isEqualTo(tmp.toAbsolutePath());
        assertThat(c.env()).containsEntry("CAIRN_METRICS", "off");
    }

    @Test
    void settingsReadFromTheEnvironmentMapReachItFromTheFileAndFlags() throws Exception {
        Path file = yaml("""
                root:
                  user: admin
                  password: from-the-file
                sse:
                  allow-insecure-sse-c: true
                logs:
                  access: stdout
                shutdown:
                  timeout-seconds: 5
                """);
        Configuration c = resolve(List.of("--config", file.toString(), "--audit-log", "/var/log/audit.json",
                tmp.toString()), Map.of("CAIRN_ROOT_USER", "env-admin", "PATH", "/bin"));

        assertThat(c.env()).containsEntry("CAIRN_ROOT_USER", "env-admin")
                .containsEntry("CAIRN_ROOT_PASSWORD", "from-the-file")
                .containsEntry("CAIRN_ALLOW_INSECURE_SSE_C", "true")
                .containsEntry("CAIRN_ACCESS_LOG", "stdout")
                .containsEntry("CAIRN_AUDIT_LOG", "/var/log/audit.json")
                .containsEntry("CAIRN_SHUTDOWN_TIMEOUT_SECONDS", "5")
                .containsEntry("PATH", "/bin");
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path file = yaml("region: via-env-file\n");
        Configuration c = resolve(List.of(tmp.toString()), Map.of("CAIRN_CONFIG", file.toString()));
        assertThat(c.server().region()).isEqualTo("via-env-file");
    }

    @Test
    void theExampleFileHasEveryKeyAndItsValuesAreTheDefaults() throws Exception {
        Set<String> keys = new HashSet<>();
        leaves("", new ObjectMapper(new YAMLFactory()).readTree(EXAMPLE.toFile()), keys);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Setting.values()).map(s -> s.yamlKey).toList());

        Configuration c = resolve(List.of("--config", EXAMPLE.toString()), Map.of());
        ServerConfig defaults = ServerConfig.defaults(Path.of("/var/lib/cairn"));
        assertThat(c.server()).isEqualTo(defaults);
        assertThat(c.env()).containsEntry("CAIRN_METRICS", "on").containsEntry("CAIRN_ACCESS_LOG", "off")
                .containsEntry("CAIRN_SHUTDOWN_TIMEOUT_SECONDS", "30");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown key        | scanner:\\n  rat: 5                | unknown setting scanner.rat",
            "list for a scalar  | region: [a, b]                     | region must be a single value, not a list",
            "mapping for scalar | address: {host: a}                 | address must be a single value, not a mapping",
            "text for a number  | scanner:\\n  rate: fast            | scanner.rate (FILE) must be a whole number above 0, not \"fast\"",
            "negative rate      | scanner:\\n  rate: -5              | scanner.rate (FILE) must be a whole number above 0",
            "negative seconds   | shutdown:\\n  timeout-seconds: -1  | shutdown.timeout-seconds (FILE) must be a number of seconds",
            "bad address        | address: nowhere                   | address (FILE) must be HOST:PORT or :PORT",
            "bad port           | address: ':99999'                  | address (FILE) the port must be 0-65535",
            "not a boolean      | metrics:\\n  enabled: maybe        | metrics.enabled (FILE) must be on or off",
            "syntax error       | region: [unclosed                  | not valid YAML at line",
            "duplicate key      | region: a\\nregion: b              | not valid YAML at line 2",
            "not a mapping      | just text                          | must be a mapping of settings",
    })
    void invalidFilesNameTheSetting(String what, String yaml, String message) throws IOException {
        Path file = yaml(yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> resolve(List.of("--config", file.toString(), tmp.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message.replace("FILE", file.toString()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void invalidFlagsAndVariablesNameTheSettingAndTheirSource() {
        assertThatThrownBy(() -> resolve(List.of("--scanner-rate", "-5", tmp.toString()), Map.of()))
                .hasMessage("scanner.rate (--scanner-rate) must be a whole number above 0, not \"-5\"");
        assertThatThrownBy(() -> resolve(List.of(tmp.toString()), Map.of("CAIRN_LIFECYCLE_DAY_SECONDS", "0")))
                .hasMessage("lifecycle.day-seconds (CAIRN_LIFECYCLE_DAY_SECONDS) must be a number of seconds above 0,"
                        + " not \"0\"");
        assertThatThrownBy(() -> resolve(List.of("--adress", ":9000", tmp.toString()), Map.of()))
                .hasMessage("unknown option --adress");
        assertThatThrownBy(() -> resolve(List.of(tmp.toString(), "--region"), Map.of()))
                .hasMessage("--region needs a value");
    }

    @Test
    void aMissingDataDirectoryOrConfigFileIsNamed() throws IOException {
        assertThatThrownBy(() -> resolve(List.of(), Map.of()))
                .hasMessageStartingWith("data-dirs: a data directory is required");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> resolve(List.of(file.toString()), Map.of()))
                .hasMessageStartingWith("data-dirs: ").hasMessageEndingWith("is not a directory");
        Path missing = tmp.resolve("missing.yaml");
        assertThatThrownBy(() -> resolve(List.of("--config", missing.toString(), tmp.toString()), Map.of()))
                .hasMessage("config file " + missing + ": no such file");
        assertThatThrownBy(() -> resolve(List.of("--config", tmp.toString(), tmp.toString()), Map.of()))
                .hasMessageStartingWith("config file " + tmp + ": cannot be read");
    }

    @Test
    void drivesExpandAndTheirCountAndParityAreChecked() throws Exception {
        Configuration c = resolve(List.of("--parity", "3", tmp.resolve("d{1...6}").toString()), Map.of());
        assertThat(c.server().drives()).hasSize(6).first().isEqualTo(tmp.resolve("d1").toAbsolutePath());
        assertThat(c.server().dataDir()).isEqualTo(tmp.resolve("d1").toAbsolutePath());
        assertThat(c.server().parity()).isEqualTo(3);

        assertThat(resolve(List.of(tmp.toString()), Map.of("CAIRN_DATA_DIRS", "/a,/b,/c,/d")).server().drives())
                .as("the argument beats the variable").containsExactly(tmp.toAbsolutePath());
        assertThatThrownBy(() -> resolve(List.of("/a", "/b"), Map.of()))
                .hasMessage("data-dirs: an erasure set needs 4 to 16 drives, got 2");
        assertThatThrownBy(() -> resolve(List.of("/a", "/b", "/c", "/a"), Map.of()))
                .hasMessage("data-dirs: a drive is given twice");
        assertThatThrownBy(() -> resolve(List.of("--parity", "3", "/d{1...4}"), Map.of()))
                .hasMessage("erasure.parity must be at most half the drives (2), got 3");
        assertThatThrownBy(() -> resolve(List.of("--parity", "2", "--reduced-parity", "3", "/d{1...4}"), Map.of()))
                .hasMessage("erasure.reduced-parity must not exceed the parity");
        assertThatThrownBy(() -> resolve(List.of("/d{4...1}"), Map.of()))
                .hasMessageStartingWith("data-dirs: bad drive range");
    }

    @Test
    void secretsAreNeverRepeatedInErrors() throws IOException {
        Path file = yaml("metrics:\n  token: [s3cr3t-token]\n");
        assertThatThrownBy(() -> resolve(List.of("--config", file.toString(), tmp.toString()), Map.of()))
                .hasMessageContaining("metrics.token").hasMessageNotContaining("s3cr3t");
        for (Setting s : Setting.values()) {
            if (s.secret()) {
                assertThat(s.flag).as(s + ": process listings show flags").isNull();
            }
        }
    }

    @Test
    void helpListsEverySettingWithItsFlagVariableAndKey() {
        String help = ServerHelp.text();
        for (Setting s : Setting.values()) {
            assertThat(help).contains("  " + s.yamlKey + "\n").contains(s.env + "=");
            if (s.flag != null) {
                assertThat(help).contains(s.flag);
            }
        }
        assertThat(help).contains("--config FILE").contains("CAIRN_CONFIG");
    }

    /** Dotted paths of every leaf, those without a value included. */
    private static void leaves(String prefix, JsonNode node, Set<String> into) {
        node.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                leaves(prefix + e.getKey() + ".", e.getValue(), into);
            } else {
                into.add(prefix + e.getKey());
            }
        });
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "cairn", ".yaml"), text);
    }

    private static Configuration resolve(List<String> args, Map<String, String> env) throws ConfigException {
        return Configuration.resolve(CommandLine.parse(args), env);
    }
}
