package io.cairn.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionParserTest {
    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", "envkey",
            "AWS_SECRET_ACCESS_KEY", "envsecret");

    @Test
    void defaults() {
        Options o = OptionParser.parse(new String[0], ENV);

        assertThat(o.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(o.accessKey()).isEqualTo("envkey");
        assertThat(o.secretKey()).isEqualTo("envsecret");
        assertThat(o.region()).isEqualTo("us-east-1");
        assertThat(o.scenario()).isEqualTo(ScenarioName.GET);
        assertThat(o.size()).isEqualTo(SizeSpec.fixed(4096));
        assertThat(o.concurrency()).isEqualTo(16);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.objects()).isEqualTo(1000);
        assertThat(o.listKeys()).isEqualTo(10_000);
        assertThat(o.page()).isEqualTo(1000);
        assertThat(o.mix()).isEqualTo(Mix.DEFAULT);
        assertThat(o.partSize()).isEqualTo(5L << 20);
        assertThat(o.bucket()).isNull();
        assertThat(o.jsonFile()).isNull();
        assertThat(o.progress()).isTrue();
        assertThat(o.mode()).isEqualTo(Options.Mode.RUN);
        assertThat(o.hostHeader()).isEqualTo("127.0.0.1:9000");
    }

    @Test
    void everyOption() {
        Options o = OptionParser.parse(new String[] {
            "--endpoint", "http://storage.local:8080", "--access-key", "ak", "--secret-key", "sk",
            "--region", "eu-west-1", "--scenario", "Multipart", "--size", "64MiB", "--concurrency", "64",
            "--duration", "1m", "--warmup", "500ms", "--objects", "50", "--list-keys", "2000", "--page", "100",
            "--mix", "get=1,put=1", "--part-size", "8MiB", "--threads", "3", "--bucket", "mine",
            "--json", "out.json", "--no-progress"}, ENV);

        assertThat(o.endpoint()).isEqualTo(URI.create("http://storage.local:8080"));
        assertThat(o.hostHeader()).isEqualTo("storage.local:8080");
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.accessKey()).isEqualTo("ak");
        assertThat(o.secretKey()).isEqualTo("sk");
        assertThat(o.region()).isEqualTo("eu-west-1");
        assertThat(o.scenario()).isEqualTo(ScenarioName.MULTIPART);
        assertThat(o.size()).isEqualTo(SizeSpec.fixed(64L << 20));
        assertThat(o.concurrency()).isEqualTo(64);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.objects()).isEqualTo(50);
        assertThat(o.listKeys()).isEqualTo(2000);
        assertThat(o.page()).isEqualTo(100);
        assertThat(o.mix()).isEqualTo(new Mix(1, 0, 1, 0));
        assertThat(o.partSize()).isEqualTo(8L << 20);
        assertThat(o.threads()).isEqualTo(3);
        assertThat(o.bucket()).isEqualTo("mine");
        assertThat(o.jsonFile()).isEqualTo(Path.of("out.json"));
        assertThat(o.progress()).isFalse();
    }

    @Test
    void equalsFormSizeRangeAndDefaultPort() {
        Options o = OptionParser.parse(new String[] {"--endpoint=http://example.com", "--size-range=1KiB-1MiB",
            "--scenario=put"}, ENV);

        assertThat(o.size()).isEqualTo(new SizeSpec(1024, 1 << 20));
        assertThat(o.hostHeader()).isEqualTo("example.com");
        assertThat(o.port()).isEqualTo(80);
    }

    @Test
    void deleteRunsPrepareMoreObjectsUnlessTold() {
        assertThat(OptionParser.parse(new String[] {"--scenario", "delete"}, ENV).objects()).isEqualTo(20_000);
        assertThat(OptionParser.parse(new String[] {"--scenario", "delete", "--objects", "10"}, ENV).objects())
                .isEqualTo(10);
    }

    @Test
    void otherModes() {
        Options presign = OptionParser.parse(new String[] {"--presign-urls", "urls.txt", "--presign-expiry", "2h",
            "--presign-method", "head"}, ENV);
        Options cleanup = OptionParser.parse(new String[] {"--cleanup", "--bucket", "cairn-bench-x"}, ENV);

        assertThat(presign.mode()).isEqualTo(Options.Mode.PRESIGN);
        assertThat(presign.presignExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(presign.presignMethod()).isEqualTo("HEAD");
        assertThat(OptionParser.parse(new String[0], ENV).presignMethod()).isEqualTo("GET");
        assertThat(cleanup.mode()).isEqualTo(Options.Mode.CLEANUP);
    }

    @Test
    void mistakesAreExplained() {
        assertRefused(Map.of(), "credentials are required");
        assertRefused(ENV, "unknown option --bogus", "--bogus", "1");
        assertRefused(ENV, "unknown option --bogus", "--bogus");
        assertRefused(ENV, "--size needs a value", "--size");
        assertRefused(ENV, "no TLS", "--endpoint", "https://x:443");
        assertRefused(ENV, "no path", "--endpoint", "http://x/bucket");
        assertRefused(ENV, "at least 1", "--concurrency", "0");
        assertRefused(ENV, "whole number", "--concurrency", "many");
        assertRefused(ENV, "unknown scenario", "--scenario", "copy");
        assertRefused(ENV, "--duration must be positive", "--duration", "0s");
        assertRefused(ENV, "at most 1000", "--page", "5000");
        assertRefused(ENV, "--cleanup needs --bucket", "--cleanup");
        assertRefused(ENV, "limited to 2 GiB", "--size", "3GiB");
        assertRefused(ENV, "GET or HEAD", "--presign-method", "PUT");
        assertThatThrownBy(() -> OptionParser.parse(new String[] {"--help"}, ENV))
                .isInstanceOf(OptionParser.HelpRequested.class);
    }

    @Test
    void multipartObjectsMayExceedTheSingleRequestLimit() {
        assertThat(OptionParser.parse(new String[] {"--scenario", "multipart", "--size", "3GiB"}, ENV).size().max())
                .isEqualTo(3L << 30);
    }

    private static void assertRefused(Map<String, String> env, String message, String... args) {
        assertThatThrownBy(() -> OptionParser.parse(args, env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
