package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.server.ServerConfig;
import io.cairn.server.metrics.MetricsEndpoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/ checked with what this machine has: every YAML file parses (all documents), the files agree with each
 * other and with the server (port, health and metrics paths, the jar the build makes), {@code systemd-analyze verify}
 * accepts the unit, {@code kubectl kustomize} builds the manifests, the container healthcheck follows readiness, and
 * every metric the dashboard and the alert rules read is in a live scrape.
 */
class DeployFilesTest extends ConformanceTestBase {
    /** Drive state and space, which the alert rules must watch. */
    private static final Set<String> DRIVE_METRICS =
            Set.of("cairn_drive_online", "cairn_drive_free_bytes", "cairn_drive_total_bytes");
    /** Series Prometheus itself (up) and the blackbox exporter (probe_success) make, not Cairn. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "probe_success");
    private static final int SERVED_PORT = ServerConfig.defaults(Path.of("data")).address().getPort();
    private static final String LIVE = "/_cairn/health/live";
    private static final String READY = "/_cairn/health/ready";

    @Test
    void everyYamlFileUnderDeployParses() {
        List<Path> files = DeployFiles.yamlFiles();
        assertThat(files).extracting(f -> DeployFiles.repo().relativize(f).toString()).contains(
                "deploy/docker-compose.yml", "deploy/prometheus/prometheus.yml", "deploy/prometheus/alerts.yml",
                "deploy/kubernetes/statefulset.yaml", "deploy/kubernetes/service.yaml",
                "deploy/kubernetes/secret.yaml");
        for (Path f : files) {
            assertThat(DeployFiles.yamlDocuments(f)).as("documents of %s", f).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.isObject()).as("a mapping in %s", f).isTrue());
        }
        assertThat(DeployFiles.yamlDocuments(DeployFiles.deploy("kubernetes/service.yaml"))).hasSize(2);
    }

    @Test
    void composeRunsCairnPrometheusAndGrafanaWithSecretsFromTheEnvironment() {
        JsonNode compose = DeployFiles.yaml("docker-compose.yml");
        JsonNode services = compose.path("services");
        assertThat(services.has("cairn") && services.has("prometheus") && services.has("grafana")).isTrue();

        JsonNode cairn = services.path("cairn");
        assertThat(DeployFiles.repo().resolve(cairn.path("build").path("dockerfile").asText())).isRegularFile();
        assertThat(cairn.path("ports").get(0).asText()).isEqualTo(SERVED_PORT + ":" + SERVED_PORT);
        for (String name : List.of("CAIRN_ROOT_USER", "CAIRN_ROOT_PASSWORD", "CAIRN_METRICS_TOKEN")) {
            assertThat(cairn.path("environment").path(name).asText()).as(name).matches("\\$\\{" + name + ":\\?.+}");
        }
        assertThat(services.path("grafana").path("environment").path("GF_SECURITY_ADMIN_PASSWORD").asText())
                .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        assertThat(compose.path("secrets").path("cairn_metrics_token").path("environment").asText())
                .isEqualTo("CAIRN_METRICS_TOKEN");

        // Every file mounted into a container is in the repository; the dashboard lands where Grafana looks.
        List<String[]> mounts = new ArrayList<>();
        services.forEach(s -> s.path("volumes").forEach(v -> mounts.add(v.asText().split(":"))));
        mounts.stream().filter(m -> m[0].startsWith("./"))
                .forEach(m -> assertThat(DeployFiles.deploy(m[0])).as("mount source %s", m[0]).exists());
        String dashboardTarget = mounts.stream().filter(m -> m[0].endsWith("cairn-dashboard.json"))
                .findFirst().orElseThrow()[1];
        String provider = DeployFiles.yaml("grafana/provisioning/dashboards/cairn.yml")
                .path("providers").get(0).path("options").path("path").asText();
        assertThat(Path.of(dashboardTarget).getParent()).isEqualTo(Path.of(provider));
    }

    @Test
    void prometheusScrapesTheMetricsPathWithTheTokenAndLoadsTheAlertRules() {
        JsonNode prometheus = DeployFiles.yaml("prometheus/prometheus.yml");
        JsonNode cairn = StreamSupport.stream(prometheus.path("scrape_configs").spliterator(), false)
                .filter(j -> j.path("job_name").asText().equals("cairn")).findFirst().orElseThrow();
        assertThat(cairn.path("metrics_path").asText()).isEqualTo(MetricsEndpoint.PATH);
        assertThat(cairn.path("authorization").path("type").asText()).isEqualTo("Bearer");
        assertThat(cairn.path("authorization").path("credentials_file").asText())
                .isEqualTo("/run/secrets/cairn_metrics_token");
        assertThat(cairn.path("static_configs").get(0).path("targets").get(0).asText())
                .isEqualTo("cairn:" + SERVED_PORT);
        assertThat(prometheus.toString()).contains("http://cairn:" + SERVED_PORT + READY);
        prometheus.path("rule_files").forEach(f -> assertThat(DeployFiles.deploy("prometheus/" + f.asText()))
                .isRegularFile());

        List<String> alerts = new ArrayList<>();
        alertRules().forEach(r -> {
            alerts.add(r.path("alert").asText());
            assertThat(r.path("labels").path("severity").asText()).as(r.path("alert").asText())
                    .isIn("warning", "critical");
            assertThat(r.path("annotations").path("summary").asText()).isNotBlank();
        });
        assertThat(alerts).contains("CairnDown", "CairnNotReady", "CairnDriveOffline", "CairnDiskNearlyFull",
                "CairnErrorRateHigh");
    }

    @Test
    void kubernetesProbesUseTheHealthEndpointsOnTheServedPort() throws Exception {
        JsonNode statefulSet = single(DeployFiles.kubernetes("StatefulSet"));
        JsonNode pod = statefulSet.path("spec").path("template").path("spec");
        JsonNode container = single(iterable(pod.path("containers")));
        JsonNode port = container.path("ports").get(0);
        assertThat(port.path("containerPort").asInt()).isEqualTo(SERVED_PORT);
        String portName = port.path("name").asText();

        Map<String, String> probePaths = Map.of("livenessProbe", LIVE, "readinessProbe", READY,
                "startupProbe", LIVE);
        probePaths.forEach((probe, path) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(path);
            assertThat(get.path("port").asText()).as(probe).isEqualTo(portName);
        });
        for (String path : Set.copyOf(probePaths.values())) {
            assertThat(get(path).statusCode()).as("GET %s on a running server", path).isEqualTo(200);
        }
        DeployFiles.kubernetes("Service").forEach(s -> assertThat(s.path("spec").path("ports").get(0)
                .path("targetPort").asText()).isEqualTo(portName));

        // Four drives: one claim each, mounted where the server is told to find them.
        List<String> claims = new ArrayList<>();
        statefulSet.path("spec").path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata")
                .path("name").asText()));
        assertThat(claims).containsExactly("data1", "data2", "data3", "data4");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("server", "/data1", "/data2", "/data3", "/data4");
        claims.forEach(c -> assertThat(container.path("volumeMounts").toString())
                .contains("{\"name\":\"" + c + "\",\"mountPath\":\"/" + c + "\"}"));

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        for (String kind : List.of("requests", "limits")) {
            assertThat(container.path("resources").path(kind).has("cpu")).as(kind).isTrue();
            assertThat(container.path("resources").path(kind).has("memory")).as(kind).isTrue();
        }
        assertThat(single(DeployFiles.kubernetes("Secret")).path("stringData"))
                .as("the Secret is a template").allSatisfy(v -> assertThat(v.asText()).isEqualTo("REPLACE-ME"));
    }

    @Test
    void kustomizationBuildsWithKubectl() {
        assumeTrue(DeployFiles.tool("kubectl").isPresent(), "kubectl is not installed: manifests not built");
        DeployFiles.Run r = DeployFiles.run(DeployFiles.deploy("kubernetes"), "kubectl", "kustomize", ".");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("kind: StatefulSet", "kind: Service").doesNotContain("kind: Secret");
    }

    @Test
    void systemdUnitPassesSystemdAnalyzeVerify() {
        Path unit = DeployFiles.deploy("systemd/cairn.service");
        Matcher exec = Pattern.compile("(?m)^ExecStart=(\\S+)").matcher(DeployFiles.text(unit));
        assertThat(exec.find()).isTrue();
        assumeTrue(DeployFiles.tool("systemd-analyze").isPresent(),
                "systemd-analyze is not installed: the unit was not verified");
        assumeTrue(Files.isExecutable(Path.of(exec.group(1))),
                "the unit's ExecStart " + exec.group(1) + " does not exist here: systemd-analyze verify would fail");
        DeployFiles.Run r = DeployFiles.run(unit.getParent(), "systemd-analyze", "verify", unit.toString());
        assertThat(r.exit()).as(r.output()).isZero();
        // Unknown keys and bad values are only warnings, with exit status 0.
        assertThat(r.output()).isEmpty();
    }

    @Test
    void dockerfileCopiesWhatTheRepositoryAndTheBuildHave() {
        String dockerfile = DeployFiles.text(DeployFiles.deploy("docker/Dockerfile")).replace("\\\n", " ");
        List<String> from = matches(dockerfile, "(?m)^FROM (\\S+)");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("eclipse-temurin:(2[1-9]|[3-9]\\d)-jdk.*");
        assertThat(from.get(1)).matches("eclipse-temurin:(2[1-9]|[3-9]\\d)-jre.*");
        assertThat(matches(dockerfile, "(?m)^RUN .*(\\./mvnw .*)")).singleElement().asString()
                .contains("-DskipTests", "package");

        for (String copy : matches(dockerfile, "(?m)^COPY (?!--from)(.*)")) {
            List<String> parts = new ArrayList<>(List.of(copy.replaceAll("--chmod=\\S+", "").trim().split("\\s+")));
            parts.remove(parts.size() - 1);
            parts.forEach(source -> assertThat(DeployFiles.repo().resolve(source)).as("COPY source").exists());
        }
        // The build stage's output is what server/pom.xml makes: target/cairn-server.jar with its jars in lib/.
        String pom = DeployFiles.text(DeployFiles.repo().resolve("server/pom.xml"));
        assertThat(pom).contains("<finalName>cairn-server</finalName>", "${project.build.directory}/lib",
                "<classpathPrefix>lib/</classpathPrefix>");
        assertThat(dockerfile).contains("COPY --from=build /src/server/target/lib/ /opt/cairn/lib/",
                "COPY --from=build /src/server/target/cairn-server.jar /opt/cairn/",
                "EXPOSE " + SERVED_PORT, "VOLUME /data");
        assertThat(matches(dockerfile, "(?m)^USER (\\S+)")).singleElement().asString().doesNotStartWith("0")
                .doesNotStartWith("root");
        assertThat(DeployFiles.text(DeployFiles.deploy("docker/cairn")))
                .contains("-jar /opt/cairn/cairn-server.jar", "--add-modules jdk.incubator.vector", "-Xmx");
        assertThat(DeployFiles.text(DeployFiles.repo().resolve(".dockerignore"))).contains("**/target/", ".git/");
    }

    @Test
    void containerHealthcheckFollowsReadiness() throws IOException {
        assumeTrue(DeployFiles.tool("bash").isPresent(), "bash is not installed: the healthcheck was not run");
        Path script = DeployFiles.deploy("docker/healthcheck.sh");
        assertThat(DeployFiles.text(script)).contains(READY, "${1:-" + SERVED_PORT + "}");
        DeployFiles.Run ready = DeployFiles.run(script.getParent(), "bash", script.toString(),
                Integer.toString(server.port()));
        assertThat(ready.exit()).as(ready.output()).isZero();

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(DeployFiles.run(script.getParent(), "bash", script.toString(), Integer.toString(closed)).exit())
                .isNotZero();
    }

    @Test
    void dashboardAndAlertRulesReadOnlyMetricsTheServerExports() {
        String bucket = createBucket("deploy");
        put(bucket, "k", "v");
        getBytes(bucket, "k");
        s3Error(() -> getBytes(bucket, "missing"), 404, "NoSuchKey");
        PrometheusText live = MetricsTest.scrape(server, null);

        Set<String> dashboard = new TreeSet<>();
        JsonNode json = DeployFiles.json("grafana/cairn-dashboard.json");
        json.findValues("expr").forEach(e -> dashboard.addAll(PromQlNames.of(e.asText())));
        json.path("templating").path("list").forEach(v -> matches(v.path("definition").asText(),
                "label_values\\((\\w+)").forEach(dashboard::add));
        assertThat(dashboard).contains("cairn_s3_requests_total", "cairn_s3_errors_total",
                "cairn_s3_request_duration_seconds_bucket", "cairn_s3_received_bytes_total",
                "cairn_s3_sent_bytes_total", "cairn_s3_requests_in_flight", "cairn_bucket_objects",
                "cairn_bucket_size_bytes", "cairn_drive_online", "jvm_memory_used_bytes",
                "cairn_lifecycle_examined_total", "cairn_tier_transitions_total");

        Set<String> alerts = new TreeSet<>();
        alertRules().forEach(r -> alerts.addAll(PromQlNames.of(r.path("expr").asText())));
        assertThat(alerts).containsAll(DRIVE_METRICS).containsAll(MADE_BY_PROMETHEUS);

        Set<String> fromCairn = new TreeSet<>(dashboard);
        fromCairn.addAll(alerts);
        fromCairn.removeAll(MADE_BY_PROMETHEUS);
        assertThat(fromCairn).as("metric names read by the dashboard and alerts but not in a live scrape")
                .filteredOn(name -> !live.hasName(name)).isEmpty();
    }

    @Test
    void promQlNamesAreMetricsNotFunctionsLabelsOrKeywords() {
        assertThat(PromQlNames.of("histogram_quantile(0.99, sum by (operation, le) "
                + "(rate(cairn_s3_request_duration_seconds_bucket{instance=~\"$instance\",le!=\"1e3\"}[5m])))"))
                .containsExactly("cairn_s3_request_duration_seconds_bucket");
        assertThat(PromQlNames.of("sum(rate(a_total{status=~\"5..\"}[$__rate_interval])) / on (instance) "
                + "group_left sum(b_bytes offset 1h) > bool 0.05 and up == 0"))
                .containsExactly("a_total", "b_bytes", "up");
    }

    private static Iterable<JsonNode> alertRules() {
        List<JsonNode> rules = new ArrayList<>();
        DeployFiles.yaml("prometheus/alerts.yml").path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        assertThat(rules).isNotEmpty();
        return rules;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
