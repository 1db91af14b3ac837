package io.cairn.server.config;

import io.cairn.server.DriveList;
import io.cairn.server.ServerConfig;
import io.cairn.server.storage.ErasureDataStore;
import io.cairn.server.storage.Storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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
        ServerConfig c = drives(values);
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

    /** The data directories (ranges expanded) and the erasure parity, checked together. */
    private static ServerConfig drives(Map<Setting, String> values) throws ConfigException {
        String key = Setting.DATA_DIRS.yamlKey;
        List<Path> drives = new ArrayList<>();
        for (String arg : values.getOrDefault(Setting.DATA_DIRS, "").split(",")) {
            if (arg.isEmpty()) {
                continue;
            }
            try {
                DriveList.expand(arg).forEach(d -> drives.add(Path.of(d).toAbsolutePath()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
        if (drives.isEmpty()) {
            throw new ConfigException(key + ": a data directory is required (the DIR argument, "
                    + Setting.DATA_DIRS.env + " or " + key + " in the config file)");
        }
        int n = drives.size();
        if (n > 1 && (n < Storage.MIN_DRIVES || n > Storage.MAX_DRIVES)) {
            throw new ConfigException(key + ": an erasure set needs " + Storage.MIN_DRIVES + " to "
                    + Storage.MAX_DRIVES + " drives, got " + n);
        }
        if (new HashSet<>(drives).size() != n) {
            throw new ConfigException(key + ": a drive is given twice");
        }
        for (Path d : drives) {
            if (Files.exists(d) && !Files.isDirectory(d)) {
                throw new ConfigException(key + ": " + d + " is not a directory");
            }
        }
        int parity = Integer.parseInt(values.getOrDefault(Setting.PARITY, "0"));
        int reduced = Integer.parseInt(values.getOrDefault(Setting.REDUCED_PARITY, "0"));
        if (n > 1 && parity > n / 2) {
            throw new ConfigException(Setting.PARITY.yamlKey + " must be at most half the drives (" + n / 2
                    + "), got " + parity);
        }
        if (reduced > 0 && reduced > (parity > 0 ? parity : ErasureDataStore.defaultParity(n))) {
            throw new ConfigException(Setting.REDUCED_PARITY.yamlKey + " must not exceed the parity");
        }
        return ServerConfig.defaults(drives.getFirst()).withDrives(drives, parity, reduced);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
