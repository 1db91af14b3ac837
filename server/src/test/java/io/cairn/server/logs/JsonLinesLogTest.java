package io.cairn.server.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonLinesLog.Format<String> FORMAT = (s, json) -> json.writeStringField("v", s);

    @TempDir
    Path dir;

    @Test
    void anyStringBecomesOneValidAsciiLine() throws Exception {
        List<String> values = new ArrayList<>();
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        values.add(controls.toString());
        values.add("quote \" backslash \\ slash / del \u007f");
        values.add("ключ 鍵 \uD83D\uDE00 \u2028\u2029");
        values.add("lone \uD800 surrogate \uDC00");
        values.add("");
        Path file = dir.resolve("log");
        try (JsonLinesLog<String> log = JsonLinesLog.open("test", file.toString(), FORMAT)) {
            values.forEach(log::log);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(values.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).matches("[\\x20-\\x7e]*");
            assertThat(JSON.readTree(lines.get(i)).get("v").asText()).isEqualTo(values.get(i));
        }
    }

    @Test
    void everyEntryIsWrittenOrCountedAsDropped() throws Exception {
        Path file = dir.resolve("log");
        int n = 100_000;
        long dropped;
        try (JsonLinesLog<String> log = JsonLinesLog.open("test", file.toString(), FORMAT)) {
            for (int i = 0; i < n; i++) {
                log.log("entry " + i);
            }
            log.close();
            dropped = log.dropped();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        assertThat(lines.size() + dropped).isEqualTo(n);
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"v\":\"entry ").endsWith("\"}"));
    }

    @Test
    void appendsToAnExistingFile() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "{\"v\":\"before\"}\n");
        try (JsonLinesLog<String> log = JsonLinesLog.open("test", file.toString(), FORMAT)) {
            log.log("after");
        }
        assertThat(Files.readAllLines(file)).containsExactly("{\"v\":\"before\"}", "{\"v\":\"after\"}");
    }
}
