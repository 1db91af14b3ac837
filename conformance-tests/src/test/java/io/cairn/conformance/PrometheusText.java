package io.cairn.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One scrape of the Prometheus text format, parsed into samples (name, labels, value). */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    private final List<Sample> samples;
    private final String text;

    private PrometheusText(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    /**
     * Waits until the server on {@code port} has {@code requests} requests in flight besides the scrape that asks
     * (heads received, not yet answered): requests sent on open sockets are then known to be in its hands.
     */
    static void awaitInFlight(int port, int requests) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String scrape = RawRequest.of(port, "GET", "/_cairn/metrics").unsigned().send().bodyText();
            if (parse(scrape).value("cairn_s3_requests_in_flight") >= requests + 1) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(requests + " requests never were in flight together");
    }

    static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                int end = 0;
                while (l.find() && l.start() == end) {
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                assertThat(end).as("labels of %s", line).isEqualTo(m.group(3).length());
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PrometheusText(text, samples);
    }

    String text() {
        return text;
    }

    List<Sample> samples() {
        return samples;
    }

    /** The value of the one sample with this name and exactly these labels (besides none), 0 when absent. */
    double value(String name, String... labelPairs) {
        Map<String, String> wanted = labels(labelPairs);
        return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(wanted))
                .mapToDouble(Sample::value).findFirst().orElse(0);
    }

    /** Every sample of {@code name}, keyed by its labels. */
    Map<Map<String, String>, Double> series(String name) {
        Map<Map<String, String>, Double> all = new LinkedHashMap<>();
        samples.stream().filter(s -> s.name.equals(name)).forEach(s -> all.put(s.labels, s.value));
        return all;
    }

    boolean hasName(String name) {
        return samples.stream().anyMatch(s -> s.name.equals(name));
    }

    static Map<String, String> labels(String... pairs) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
