package io.cairn.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code cairn server [--address HOST:PORT] [--domain DOMAIN]... [--region REGION] DIR}, {@code cairn admin ...} */
public final class Main {
    private static final String USAGE = """
            Usage: cairn server [options] DIR

            Starts Cairn on the data directory DIR.

            Options:
              --address HOST:PORT   where to listen (default 0.0.0.0:9000; :PORT for all interfaces)
              --domain DOMAIN       base domain for virtual-hosted-style requests (bucket.DOMAIN); repeatable
              --region REGION       the region clients sign for (default us-east-1)
              --allow-insecure-sse-c
                                    accept SSE-C customer keys over plain HTTP (tests, local clients, or a TLS
                                    proxy that does not send X-Forwarded-Proto: https); keys then cross the
                                    network in the clear

            Environment:
              CAIRN_ROOT_USER, CAIRN_ROOT_PASSWORD   root credentials; generated and kept in DIR when unset
              CAIRN_MASTER_KEY                       SSE-S3 master key(s), id:base64-of-32-bytes[,...] (last is
                                                     current); else generated into DIR/.cairn/master-keys (0600)
              CAIRN_ALLOW_INSECURE_SSE_C=true        same as --allow-insecure-sse-c
              CAIRN_LIFECYCLE_DAY_SECONDS            length of a lifecycle "day" in seconds (default 86400; for
                                                     tests: rules and restores then run on a short clock)
              CAIRN_SCANNER_RATE                     entries the lifecycle scanner examines per second at most
                                                     (default 5000)
              CAIRN_SCANNER_INTERVAL_SECONDS         seconds between lifecycle scanner passes (default 3600)
              CAIRN_METRICS=on|off                   request metrics and GET /_cairn/metrics (Prometheus text
                                                     format; default on)
              CAIRN_METRICS_TOKEN                    when set, /_cairn/metrics needs "Authorization: Bearer
                                                     TOKEN" (401 without, 403 wrong); unset: open
              CAIRN_ACCESS_LOG=PATH|stdout           one JSON line per request: time, request_id, operation,
                                                     bucket, key, status, error_code, bytes_in, bytes_out,
                                                     duration_ms, remote_addr, access_key (never secrets or
                                                     signatures); file appended to; default off
              CAIRN_AUDIT_LOG=PATH|stdout            the same fields plus target (and objects) for bucket and
                                                     configuration changes, deletes and admin calls; default off
              JAVA_OPTS                              options for the JVM (bin/cairn passes them on)
              CAIRN_HEAP                             maximum heap bin/cairn gives the JVM (default 512m)

            Endpoints without S3 signature: /_cairn/health/live, /_cairn/health/ready, /_cairn/metrics
            (metric names: docs/architecture.md, "Operations").

            Administration (cairn admin --help):
              cairn admin sse rotate-master-key | kms create-key NAME | kms list-keys
              cairn admin tier add NAME --type s3|azure ... | tier ls | tier rm NAME | tier verify NAME
                                                     remote tiers for lifecycle transitions (credentials
                                                     also from CAIRN_TIER_SECRET_KEY / CAIRN_TIER_ACCOUNT_KEY)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        if (args.length == 0 || !args[0].equals("server")) {
            System.err.print(USAGE);
            System.exit(args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
        }
        String address = "0.0.0.0:9000";
        String region = "us-east-1";
        List<String> domains = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return;
                }
                case "--address" -> address = value(args, ++i, a);
                case "--domain" -> domains.add(value(args, ++i, a).toLowerCase(java.util.Locale.ROOT));
                case "--region" -> region = value(args, ++i, a);
                case "--allow-insecure-sse-c" -> env.put(io.cairn.server.sse.KeyService.ENV_ALLOW_INSECURE_SSE_C, "true");
                default -> {
                    if (a.startsWith("--")) {
                        fail("unknown option " + a);
                    }
                    dirs.add(a);
                }
            }
        }
        if (dirs.size() != 1) {
            fail(dirs.isEmpty() ? "a data directory is required"
                    : "one data directory is supported for now (erasure sets across drives are not built yet)");
        }
        ServerConfig config = ServerConfig.defaults(Path.of(dirs.get(0)).toAbsolutePath())
                .withAddress(parseAddress(address))
                .withRegion(region)
                .withDomains(List.copyOf(domains));
        String day = env.get("CAIRN_LIFECYCLE_DAY_SECONDS");
        if (day != null && !day.isBlank()) {
            try {
                config = config.withLifecycleDay(java.time.Duration.ofMillis(
                        Math.round(Double.parseDouble(day.trim()) * 1000)));
            } catch (IllegalArgumentException e) {
                fail("CAIRN_LIFECYCLE_DAY_SECONDS must be a positive number of seconds: " + day);
            }
        }
        String rate = env.get("CAIRN_SCANNER_RATE");
        String interval = env.get("CAIRN_SCANNER_INTERVAL_SECONDS");
        if (rate != null && !rate.isBlank() || interval != null && !interval.isBlank()) {
            try {
                config = config.withScanner(
                        rate == null || rate.isBlank() ? config.scannerRate() : Integer.parseInt(rate.trim()),
                        interval == null || interval.isBlank() ? config.scannerInterval()
                                : java.time.Duration.ofMillis(Math.round(Double.parseDouble(interval.trim()) * 1000)));
            } catch (IllegalArgumentException e) {
                fail("CAIRN_SCANNER_RATE and CAIRN_SCANNER_INTERVAL_SECONDS must be positive numbers: " + rate + ", "
                        + interval);
            }
        }
        try {
            OpsSettings.fromEnv(env);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
        CairnServer server = CairnServer.start(config, env);
        printBanner(server, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            // A JVM ended by SIGTERM exits 143 even after its hooks ran; a completed graceful stop is a success
            // to systemd, Kubernetes and docker, so say so.
            Runtime.getRuntime().halt(0);
        }, "cairn-shutdown"));
        stopped.await();
    }

    private static void printBanner(CairnServer server, ServerConfig config) {
        InetSocketAddress a = server.address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        RootCredentials c = server.credentials();
        System.out.println("Cairn is running.");
        System.out.println("  Endpoint:   http://" + host + ":" + a.getPort());
        System.out.println("  Region:     " + config.region());
        System.out.println("  Data:       " + config.dataDir());
        System.out.println("  AccessKey:  " + c.accessKey());
        if (c.source() == RootCredentials.Source.ENVIRONMENT) {
            System.out.println("  SecretKey:  (from CAIRN_ROOT_PASSWORD)");
        } else {
            // Printed so the quick start needs no configuration; it is also in DIR/.cairn/root-credentials.
            System.out.println("  SecretKey:  " + c.secretKey());
        }
        System.out.flush();
    }

    private static InetSocketAddress parseAddress(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            fail("--address must be HOST:PORT or :PORT");
        }
        String host = colon == 0 ? "0.0.0.0" : s.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            fail("--address port is not a number: " + s);
            return null;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("cairn: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
