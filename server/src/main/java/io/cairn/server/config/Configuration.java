package io.cairn.server.config;

import io.cairn.server.ServerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's settings from all sources. Precedence, highest first: command-line flag, environment variable,
 * config file ({@code --config FILE} or {@code CAIRN_CONFIG}), default. A list given by a source replaces the list
 * of a lower one.
 *
 * @param server the settings that shape the server ({@link ServerConfig})
 * @param env    the environment as the server reads it: the process environment with every setting given by any
 *               source written under its variable's name (credentials, keys and monitoring settings are read from
 *               there)
 */
public record Configuration(ServerConfig server, Map<String, String> env) {
    public static final String CONFIG_ENV = "CAIRN_CONFIG";

    /** @throws ConfigException naming the setting and its source, in one line; secrets are never in it */
    public static Configuration resolve(CommandLine args, Map<String, String> processEnv) throws ConfigException {
        Path file = args.configFile() != null ? args.configFile()
                : blank(processEnv.get(CONFIG_ENV)) ? null : Path.of(processEnv.get(CONFIG_ENV).strip());
        Map<Setting, List<String>> fromFile = file == null ? Map.of() : ConfigFile.read(file);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            List<String> raw;
            String source;
            if (args.values().containsKey(s)) {
                raw = args.values().get(s);
                source = s == Setting.DATA_DIRS ? "the DIR argument" : s.flag;
            } else if (!blank(processEnv.get(s.env))) {
                String v = processEnv.get(s.env);
                raw = s.kind.isList() ? Arrays.asList(v.split(",")) : List.of(v);
                source = s.env;
            } else if (fromFile.containsKey(s)) {
                raw = fromFile.get(s);
                source = file.toString();
            } else {
                continue;
            }
            values.put(s, normalize(s, raw, source));
        }
        Map<String, String> env = new HashMap<>(processEnv);
        values.forEach((s, v) -> env.put(s.env, v));
        return new Configuration(serverConfig(values), Map.copyOf(env));
    }

    /** Each item checked; list items joined with commas. */
    private static String normalize(Setting s, List<String> raw, String source) throws ConfigException {
        List<String> items = new ArrayList<>();
        for (String item : raw) {
            if (s.kind.isList() && item.isBlank()) {
                continue;
            }
            try {
                items.add(s.kind.normalize(item));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.yamlKey + " (" + source + ") " + e.getMessage()
                        + (s.secret() ? "" : ", not \"" + item.strip() + "\""));
            }
        }
        return String.join(",", items);
    }

    private static ServerConfig serverConfig(Map<Setting, String> values) throws ConfigException {
        String dirs = values.getOrDefault(Setting.DATA_DIRS, "");
        if (dirs.isEmpty()) {
            throw new ConfigException(Setting.DATA_DIRS.yamlKey + ": a data directory is required (the DIR "
                    + "argument, " + Setting.DATA_DIRS.env + " or " + Setting.DATA_DIRS.yamlKey + " in the config file)");
        }
        List<String> dirList = List.of(dirs.split(","));
        if (dirList.size() != 1) {
            throw new ConfigException(Setting.DATA_DIRS.yamlKey + ": one data directory is supported for now "
                    + "(erasure sets across drives are not built yet)");
        }
        Path dir = Path.of(dirList.getFirst()).toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException(Setting.DATA_DIRS.yamlKey + ": " + dir + " is not a directory");
        }
        ServerConfig c = ServerConfig.defaults(dir);
        if (values.containsKey(Setting.ADDRESS)) {
            c = c.withAddress(ValueKind.address(values.get(Setting.ADDRESS)));
        }
        if (values.containsKey(Setting.REGION)) {
            c = c.withRegion(values.get(Setting.REGION));
        }
        if (values.containsKey(Setting.DOMAINS)) {
            String domains = values.get(Setting.DOMAINS);
            c = c.withDomains(domains.isEmpty() ? List.of() : List.of(domains.split(",")));
        }
        if (values.containsKey(Setting.LIFECYCLE_DAY)) {
            c = c.withLifecycleDay(ValueKind.seconds(values.get(Setting.LIFECYCLE_DAY)));
        }
        if (values.containsKey(Setting.SCANNER_RATE) || values.containsKey(Setting.SCANNER_INTERVAL)) {
            c = c.withScanner(values.containsKey(Setting.SCANNER_RATE)
                            ? Integer.parseInt(values.get(Setting.SCANNER_RATE)) : c.scannerRate(),
                    values.containsKey(Setting.SCANNER_INTERVAL)
                            ? ValueKind.seconds(values.get(Setting.SCANNER_INTERVAL)) : c.scannerInterval());
        }
        return c;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
