package io.cairn.server.config;

/**
 * Every setting of {@code cairn server}, in one table: the YAML key (dotted for nesting), the command-line flag,
 * the environment variable, the kind of value, the default and the help line. Parsing, {@code --help} and the
 * example file's test all read this table, so they cannot disagree.
 */
public enum Setting {
    ADDRESS("address", "--address", "CAIRN_ADDRESS", ValueKind.ADDRESS, "0.0.0.0:9000",
            "where to listen; :PORT listens on every interface"),
    DATA_DIRS("data-dirs", null, "CAIRN_DATA_DIRS", ValueKind.PATHS, null,
            "the drives: one directory keeps plain files; 4 to 16 (always in the same order) form an erasure set "
                    + "that survives losing as many drives as it has parity shards; DIR{1...N} expands to DIR1 .. "
                    + "DIRN (the DIR arguments; comma-separated in the variable); required"),
    PARITY("erasure.parity", "--parity", "CAIRN_PARITY", ValueKind.POSITIVE_INT,
            "a quarter of the drives rounded up, at least 2",
            "parity shards per object in an erasure set: 1 to half the drives (4+2 on 6 drives, 6+2 on 8, 12+4 on 16)"),
    REDUCED_PARITY("erasure.reduced-parity", "--reduced-parity", "CAIRN_REDUCED_PARITY", ValueKind.POSITIVE_INT,
            "half of erasure.parity, at least 1",
            "parity shards of REDUCED_REDUNDANCY objects, at most erasure.parity"),
    DOMAINS("domains", "--domain", "CAIRN_DOMAINS", ValueKind.NAMES, "none",
            "base domains for virtual-hosted-style requests (bucket.DOMAIN); the flag is repeatable, the variable "
                    + "comma-separated"),
    REGION("region", "--region", "CAIRN_REGION", ValueKind.TEXT, "us-east-1", "the region clients sign for"),
    ROOT_USER("root.user", "--root-user", "CAIRN_ROOT_USER", ValueKind.TEXT, "generated",
            "root access key, at least 3 characters; with root.password, else a pair is generated and kept in "
                    + "DIR/.cairn/root-credentials"),
    ROOT_PASSWORD("root.password", "CAIRN_ROOT_PASSWORD", "generated",
            "root secret key, at least 8 characters (secret: no flag, never printed)"),
    MASTER_KEY("sse.master-key", "CAIRN_MASTER_KEY", "generated",
            "SSE-S3 master key(s), id:base64-of-32-bytes[,...], the last is current; else generated into "
                    + "DIR/.cairn/master-keys (secret: no flag, never printed)"),
    ALLOW_INSECURE_SSE_C("sse.allow-insecure-sse-c", "--allow-insecure-sse-c", "CAIRN_ALLOW_INSECURE_SSE_C",
            ValueKind.BOOLEAN, "false",
            "accept SSE-C customer keys over plain HTTP (tests, local clients, a TLS proxy that does not send "
                    + "X-Forwarded-Proto: https); keys then cross the network in the clear. The flag takes no value"),
    LIFECYCLE_DAY("lifecycle.day-seconds", "--lifecycle-day-seconds", "CAIRN_LIFECYCLE_DAY_SECONDS",
            ValueKind.POSITIVE_SECONDS, "86400",
            "length of a lifecycle \"day\"; shorter only for tests (rules and restores run on a short clock)"),
    SCANNER_RATE("scanner.rate", "--scanner-rate", "CAIRN_SCANNER_RATE", ValueKind.POSITIVE_INT, "5000",
            "entries the lifecycle scanner examines per second at most"),
    SCANNER_INTERVAL("scanner.interval-seconds", "--scanner-interval-seconds", "CAIRN_SCANNER_INTERVAL_SECONDS",
            ValueKind.POSITIVE_SECONDS, "3600", "time between lifecycle scanner passes"),
    METRICS("metrics.enabled", "--metrics", "CAIRN_METRICS", ValueKind.ON_OFF, "on",
            "request metrics and GET /_cairn/metrics (Prometheus text format)"),
    METRICS_TOKEN("metrics.token", "CAIRN_METRICS_TOKEN", "none: open",
            "when set, /_cairn/metrics needs \"Authorization: Bearer TOKEN\" (secret: no flag, never printed)"),
    ACCESS_LOG("logs.access", "--access-log", "CAIRN_ACCESS_LOG", ValueKind.LOG_TARGET, "off",
            "JSON access log, one line per request (file appended to, or stdout)"),
    AUDIT_LOG("logs.audit", "--audit-log", "CAIRN_AUDIT_LOG", ValueKind.LOG_TARGET, "off",
            "JSON audit log of bucket and configuration changes, deletes and admin calls"),
    SHUTDOWN_TIMEOUT("shutdown.timeout-seconds", "--shutdown-timeout-seconds", "CAIRN_SHUTDOWN_TIMEOUT_SECONDS",
            ValueKind.SECONDS, "30",
            "on SIGTERM, how long requests in flight may take to finish before their connections are closed");

    /** The key in the YAML file, dots for nesting ({@code scanner.rate} is {@code scanner: {rate: ...}}). */
    public final String yamlKey;
    /** The command-line flag, or null: secrets have none (process listings would show them). */
    public final String flag;
    public final String env;
    final ValueKind kind;
    /** The default as help shows it, or null for none. */
    public final String defaultText;
    public final String help;
    private final boolean secret;

    Setting(String yamlKey, String flag, String env, ValueKind kind, String defaultText, String help) {
        this(yamlKey, flag, env, kind, defaultText, help, false);
    }

    /** A secret: no flag. */
    Setting(String yamlKey, String env, String defaultText, String help) {
        this(yamlKey, null, env, ValueKind.TEXT, defaultText, help, true);
    }

    private Setting(String yamlKey, String flag, String env, ValueKind kind, String defaultText, String help,
                    boolean secret) {
        this.secret = secret;
        this.yamlKey = yamlKey;
        this.flag = flag;
        this.env = env;
        this.kind = kind;
        this.defaultText = defaultText;
        this.help = help;
    }

    /** Secrets are never printed, not even in an error about their value; they have no flag. */
    public boolean secret() {
        return secret;
    }

    /** A flag that is a switch: present means true. */
    boolean flagTakesValue() {
        return kind != ValueKind.BOOLEAN;
    }
}
