package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository's deploy/ files, parsed, and the machine's tools that check them. */
final class DeployFiles {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished command: exit status and its output and error output together. */
    record Run(int exit, String output) {
    }

    private DeployFiles() {
    }

    /** The repository root: surefire runs the tests in the module's directory. */
    static Path repo() {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
        assertThat(root.resolve("deploy")).as("deploy/ in the repository root %s", root).isDirectory();
        return root;
    }

    static Path deploy(String relative) {
        return repo().resolve("deploy").resolve(relative);
    }

    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(deploy("."))) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (possibly multi-document) YAML file. */
    static List<JsonNode> yamlDocuments(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("parsing " + file, e);
        }
    }

    static JsonNode yaml(String relative) {
        List<JsonNode> docs = yamlDocuments(deploy(relative));
        assertThat(docs).as(relative).hasSize(1);
        return docs.get(0);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(deploy(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("parsing " + relative, e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Kubernetes objects of deploy/kubernetes of one kind. */
    static List<JsonNode> kubernetes(String kind) {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(deploy("kubernetes"))) {
            files.sorted().forEach(f -> yamlDocuments(f).stream()
                    .filter(d -> d.path("kind").asText().equals(kind)).forEach(found::add));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** An executable of this name on the PATH. */
    static Optional<Path> tool(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Run run(Path dir, String... command) {
        try {
            // Output to a file, not a pipe, so that a command that hangs cannot block the test past the timeout.
            Path out = Files.createTempFile("cairn-deploy-check-", ".out");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(List.of(command) + " did not finish within 60 s");
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
