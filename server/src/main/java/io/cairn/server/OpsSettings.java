package io.cairn.server;

import io.cairn.server.config.ValueKind;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Monitoring and shutdown settings, from the environment.
 *
 * @param metrics      whether requests are measured and {@code /_cairn/metrics} answers (CAIRN_METRICS=on|off,
 *                     default on; off exists to measure what metrics cost)
 * @param metricsToken the bearer token {@code /_cairn/metrics} requires (CAIRN_METRICS_TOKEN), null for open access
 * @param accessLog    where the JSON access log goes (CAIRN_ACCESS_LOG: a file path, or "stdout"), null when off
 * @param auditLog     where the JSON audit log goes (CAIRN_AUDIT_LOG: a file path, or "stdout"), null when off
 * @param shutdownTimeout how long a shutdown waits for requests in flight before cutting their connections
 *                     (CAIRN_SHUTDOWN_TIMEOUT_SECONDS, default 30)
 */
public record OpsSettings(boolean metrics, String metricsToken, String accessLog, String auditLog,
                          Duration shutdownTimeout) {
    public static final String ENV_METRICS = "CAIRN_METRICS";
    public static final String ENV_METRICS_TOKEN = "CAIRN_METRICS_TOKEN";
    public static final String ENV_ACCESS_LOG = "CAIRN_ACCESS_LOG";
    public static final String ENV_AUDIT_LOG = "CAIRN_AUDIT_LOG";
    public static final String ENV_SHUTDOWN_TIMEOUT = "CAIRN_SHUTDOWN_TIMEOUT_SECONDS";
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** @throws IllegalArgumentException naming the variable that holds a value it does not accept */
    public static OpsSettings fromEnv(Map<String, String> env) {
        String metrics = blankToNull(env.get(ENV_METRICS));
        boolean on = true;
        if (metrics != null) {
            on = switch (metrics.toLowerCase(Locale.ROOT)) {
                case "on", "true" -> true;
                case "off", "false" -> false;
                default -> throw new IllegalArgumentException(ENV_METRICS + " must be on or off, not " + metrics);
            };
        }
        return new OpsSettings(on, blankToNull(env.get(ENV_METRICS_TOKEN)), logTarget(env, ENV_ACCESS_LOG),
                logTarget(env, ENV_AUDIT_LOG), shutdownTimeout(blankToNull(env.get(ENV_SHUTDOWN_TIMEOUT))));
    }

    private static Duration shutdownTimeout(String seconds) {
        if (seconds == null) {
            return DEFAULT_SHUTDOWN_TIMEOUT;
        }
        try {
            return ValueKind.seconds(seconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_SHUTDOWN_TIMEOUT + " " + e.getMessage() + ", not " + seconds);
        }
    }

    private static String logTarget(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        return v == null || v.equalsIgnoreCase("off") ? null : v;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }
}
