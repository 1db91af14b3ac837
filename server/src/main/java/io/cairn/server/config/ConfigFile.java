package io.cairn.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the YAML configuration file into raw values by setting; kinds are checked later, with every source. */
final class ConfigFile {
    private static final Map<String, Setting> BY_KEY = Arrays.stream(Setting.values())
            .collect(Collectors.toMap(s -> s.yamlKey, Function.identity()));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigFile() {
    }

    static Map<Setting, List<String>> read(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("config file " + file + ": permission denied");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("config file " + file + ": not valid YAML" + where + ": "
                    + problem(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException("config file " + file + ": cannot be read: " + e.getMessage());
        }
        Map<Setting, List<String>> values = new EnumMap<>(Setting.class);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + file + ": must be a mapping of settings (key: value)");
        }
        collect(file, "", root, values);
        return values;
    }

    /** SnakeYAML's message without its indented excerpt lines: one line. */
    private static String problem(String message) {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(", "));
    }

    private static void collect(Path file, String prefix, JsonNode object, Map<Setting, List<String>> values)
            throws ConfigException {
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = prefix + e.getKey();
            JsonNode node = e.getValue();
            Setting setting = BY_KEY.get(key);
            if (setting == null) {
                if (node.isObject() && BY_KEY.keySet().stream().anyMatch(k -> k.startsWith(key + "."))) {
                    collect(file, key + ".", node, values);
                    continue;
                }
                throw new ConfigException("config file " + file + ": unknown setting " + key);
            }
            if (node.isNull()) {
                continue;
            }
            values.put(setting, items(file, setting, node));
        }
    }

    private static List<String> items(Path file, Setting setting, JsonNode node) throws ConfigException {
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (node.isArray() && setting.kind.isList()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException("config file " + file + ": " + setting.yamlKey
                            + " must be a list of single values");
                }
                items.add(item.asText());
            }
            return items;
        }
        throw new ConfigException("config file " + file + ": " + setting.yamlKey
                + (setting.kind.isList() ? " must be a list" : " must be a single value, not a "
                + (node.isArray() ? "list" : "mapping")));
    }
}
