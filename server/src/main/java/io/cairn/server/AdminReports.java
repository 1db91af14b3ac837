package io.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Readable tables for the answers of {@code cairn admin info} and {@code cairn admin usage} (JSON on the wire). */
final class AdminReports {
    static final String INFO_PATH = "/_cairn/admin/info";
    static final String USAGE_PATH = "/_cairn/admin/usage";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private AdminReports() {
    }

    /**
     * The table (without a final line break) for an answer from {@code path}, or empty when that answer is printed
     * as JSON.
     */
    static Optional<String> table(String path, String json) throws JsonProcessingException {
        return switch (path) {
            case INFO_PATH -> Optional.of(info(JSON.readTree(json)).stripTrailing());
            case USAGE_PATH -> Optional.of(usage(JSON.readTree(json)).stripTrailing());
            default -> Optional.empty();
        };
    }

    private static String info(JsonNode info) {
        StringBuilder out = new StringBuilder();
        out.append("Version:  ").append(info.path("version").asText()).append('\n');
        out.append("Uptime:   ").append(duration(info.path("uptimeSeconds").asLong()))
                .append(" (since ").append(info.path("startedAt").asText()).append(")\n");
        out.append("Buckets:  ").append(info.path("buckets").asLong()).append('\n');
        out.append("Objects:  ").append(info.path("objects").asLong()).append('\n');
        out.append("Stored:   ").append(bytes(info.path("bytes").asLong())).append("\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("DRIVE", "STATE", "FREE", "TOTAL"));
        for (JsonNode d : info.path("drives")) {
            rows.add(List.of(d.path("path").asText(), d.path("state").asText(), bytes(d.path("freeBytes").asLong()),
                    bytes(d.path("totalBytes").asLong())));
        }
        return out.append(columns(rows)).toString();
    }

    private static String usage(JsonNode usage) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("BUCKET", "OBJECTS", "SIZE", "BYTES"));
        for (JsonNode b : usage.path("buckets")) {
            rows.add(row(b.path("bucket").asText(), b));
        }
        if (usage.path("buckets").size() != 1) {
            rows.add(row("(total)", usage));
        }
        return columns(rows);
    }

    private static List<String> row(String name, JsonNode counts) {
        long bytes = counts.path("bytes").asLong();
        return List.of(name, Long.toString(counts.path("objects").asLong()), bytes(bytes), Long.toString(bytes));
    }

    /** Left-aligned columns two spaces apart. */
    private static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format("%-" + (widths[i] + 2) + "s", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Binary units with one decimal ("1.5 GiB"); -1 (unknown) as "?". */
    static String bytes(long n) {
        if (n < 0) {
            return "?";
        }
        int unit = 0;
        double v = n;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    private static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toDays() > 0 ? String.format(Locale.ROOT, "%dd %dh %dm", d.toDays(), d.toHoursPart(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%dh %dm %ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
