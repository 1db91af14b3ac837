package io.cairn.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of {@code cairn server}: {@code --config FILE}, {@code --help}, the settings' flags
 * ({@code --flag VALUE} or {@code --flag=VALUE}; repeatable for lists) and the data directories.
 *
 * @param configFile the file given with --config, or null
 * @param help       --help or -h was given
 * @param values     raw values by setting, as given
 */
public record CommandLine(Path configFile, boolean help, Map<Setting, List<String>> values) {
    public static final String CONFIG_FLAG = "--config";

    public static CommandLine parse(List<String> args) throws ConfigException {
        Path configFile = null;
        boolean help = false;
        Map<Setting, List<String>> values = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                values.computeIfAbsent(Setting.DATA_DIRS, s -> new ArrayList<>()).add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            if (flag.equals(CONFIG_FLAG)) {
                configFile = Path.of(inline != null ? inline : value(args, ++i, flag));
                continue;
            }
            Setting s = byFlag(flag).orElseThrow(() -> new ConfigException("unknown option " + flag));
            String value;
            if (!s.flagTakesValue()) {
                value = inline != null ? inline : "true";
            } else {
                value = inline != null ? inline : value(args, ++i, flag);
            }
            List<String> list = values.computeIfAbsent(s, k -> new ArrayList<>());
            if (!s.kind.isList()) {
                list.clear();
            }
            list.add(value);
        }
        return new CommandLine(configFile, help, values);
    }

    private static Optional<Setting> byFlag(String flag) {
        return Arrays.stream(Setting.values()).filter(s -> flag.equals(s.flag)).findFirst();
    }

    private static String value(List<String> args, int i, String flag) throws ConfigException {
        if (i >= args.size()) {
            throw new ConfigException(flag + " needs a value");
        }
        return args.get(i);
    }
}
