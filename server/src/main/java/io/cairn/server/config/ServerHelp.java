package io.cairn.server.config;

/** {@code cairn server --help}, written from the settings table. */
public final class ServerHelp {
    private static final int WIDTH = 100;

    private ServerHelp() {
    }

    public static String text() {
        StringBuilder out = new StringBuilder("""
                Usage: cairn server [--config FILE] [options] DIR
                       cairn server [--config FILE] [options] DIR1 DIR2 ... DIRn      (4 to 16 drives)

                Starts Cairn on the data directory DIR (plain files on one drive), or on an erasure set of 4 to 16
                drives given in the same order every time; DIR{1...N} expands to DIR1 .. DIRN.

                  --config FILE   a YAML file of settings (also CAIRN_CONFIG); docs/cairn.example.yaml lists every key
                  --help          this text

                Settings: YAML key, then flag and environment variable. A flag beats the variable, which beats the
                file, which beats the default. Invalid settings stop the server with exit status 2.

                """);
        for (Setting s : Setting.values()) {
            out.append("  ").append(s.yamlKey).append('\n');
            String flag = s.flag == null ? (s.secret() ? "(no flag)" : "(DIR arguments)")
                    : s.flag + (s.flagTakesValue() ? " " + s.kind.metavar : "");
            out.append("      ").append(flag).append(", ").append(s.env).append('=').append(s.kind.metavar);
            if (s.defaultText != null) {
                out.append("; default ").append(s.defaultText);
            }
            out.append('\n');
            wrap(out, s.help);
        }
        out.append("""

                Environment of bin/cairn: JAVA_OPTS (options for the JVM), CAIRN_HEAP (maximum heap, default 512m).

                Endpoints without S3 signature: /_cairn/health/live, /_cairn/health/ready, /_cairn/metrics
                (metric names: docs/architecture.md, "Operations").

                Administration: cairn admin --help (info, usage, heal, sse, kms, transition, tier).
                """);
        return out.toString();
    }

    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("      ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > 6) {
                out.append(line).append('\n');
                line = new StringBuilder("      ");
            }
            line.append(line.length() > 6 ? " " : "").append(word);
        }
        out.append(line).append('\n');
    }
}
