package io.cairn.bench.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Turns {@code bin/cairn bench} arguments (and the AWS_* environment for keys) into {@link Options}. */
public final class OptionParser {
    public static final String USAGE = """
            Usage: cairn bench [options]

            Drives an S3 endpoint with one scenario in a closed loop: each connection runs one request at a
            time, as fast as the server answers. Prints a progress line each second (stderr) and a table at
            the end (stdout).

            Endpoint and credentials:
              --endpoint URL        http://HOST:PORT (default http://127.0.0.1:9000; plain HTTP only)
              --access-key KEY      default: $AWS_ACCESS_KEY_ID
              --secret-key KEY      default: $AWS_SECRET_ACCESS_KEY
              --region REGION       default us-east-1

            Workload:
              --scenario NAME       put | get | stat | delete | list | multipart | mixed (default get)
              --size SIZE           object size, e.g. 4KiB, 1MiB, 64MiB (default 4KiB); KB/MB are decimal
              --size-range MIN-MAX  random sizes, uniformly in [MIN, MAX], e.g. 1KiB-1MiB
              --concurrency N       connections, one request in flight on each (default 16)
              --duration D          measured time, e.g. 30s, 2m (default 30s)
              --warmup D            unmeasured time before it (default 10s: on 2 cores the JIT needs
                                    that long before the client's CPU per request settles; the
                                    progress line shows it falling)
              --objects N           objects prepared for get, stat, delete, mixed and presign mode
                                    (default 1000; 20000 for delete, which consumes them)
              --list-keys N         keys prepared for list (default 10000)
              --page N              keys per LIST request (default 1000)
              --mix WEIGHTS         mixed blend (default get=45,stat=30,put=15,delete=10)
              --part-size SIZE      multipart part size (default 5MiB, S3's minimum)
              --threads N           client event-loop threads (default: half the cores, at least 1,
                                    at most --concurrency: the server shares the machine)
              --bucket NAME         use this existing bucket (objects the run writes are removed after);
                                    default: a new cairn-bench-* bucket, removed with everything in it

            Output:
              --json FILE           write the result as JSON
              --no-progress         no progress line

            Other modes:
              --presign-urls FILE   prepare --objects objects of --size, write one presigned GET URL per
                                    line to FILE (for wrk), keep the bucket and print its name
              --presign-method M    GET (default) or HEAD (for a STAT run: a URL is bound to its method)
              --presign-expiry D    validity of those URLs (default 1h, at most 7 days)
              --cleanup             empty and remove --bucket (a cairn-bench-* bucket a presign run kept)
            """;

    /** The options that take a value. */
    private static final java.util.Set<String> VALUED = java.util.Set.of("--endpoint", "--access-key",
            "--secret-key", "--region", "--scenario", "--size", "--size-range", "--concurrency", "--duration",
            "--warmup", "--objects", "--list-keys", "--page", "--mix", "--part-size", "--threads", "--bucket",
            "--json", "--presign-urls", "--presign-expiry", "--presign-method");

    private OptionParser() {
    }

    public static Options parse(String[] args, Map<String, String> env) {
        URI endpoint = URI.create("http://127.0.0.1:9000");
        String accessKey = env.get("AWS_ACCESS_KEY_ID");
        String secretKey = env.get("AWS_SECRET_ACCESS_KEY");
        String region = "us-east-1";
        ScenarioName scenario = ScenarioName.GET;
        SizeSpec size = SizeSpec.fixed(4 * Units.KIB);
        int concurrency = 16;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(10);
        Integer objects = null;
        int listKeys = 10_000;
        int page = 1000;
        Mix mix = Mix.DEFAULT;
        long partSize = 5 * Units.MIB;
        int threads = 0;
        String bucket = null;
        Path json = null;
        Path presign = null;
        String presignMethod = "GET";
        Duration presignExpiry = Duration.ofHours(1);
        boolean cleanup = false;
        boolean progress = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--no-progress" -> progress = false;
                case "--cleanup" -> cleanup = true;
                case "--help", "-h" -> throw new HelpRequested();
                default -> {
                    if (!VALUED.contains(arg)) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--endpoint" -> endpoint = endpoint(value);
                        case "--access-key" -> accessKey = value;
                        case "--secret-key" -> secretKey = value;
                        case "--region" -> region = value;
                        case "--scenario" -> scenario = ScenarioName.parse(value);
                        case "--size" -> size = SizeSpec.fixed(Units.parseSize(value));
                        case "--size-range" -> size = SizeSpec.parseRange(value);
                        case "--concurrency" -> concurrency = positive(arg, value);
                        case "--duration" -> duration = Units.parseDuration(value);
                        case "--warmup" -> warmup = Units.parseDuration(value);
                        case "--objects" -> objects = positive(arg, value);
                        case "--list-keys" -> listKeys = positive(arg, value);
                        case "--page" -> page = positive(arg, value);
                        case "--mix" -> mix = Mix.parse(value);
                        case "--part-size" -> partSize = Units.parseSize(value);
                        case "--threads" -> threads = positive(arg, value);
                        case "--bucket" -> bucket = value;
                        case "--json" -> json = Path.of(value);
                        case "--presign-urls" -> presign = Path.of(value);
                        case "--presign-expiry" -> presignExpiry = Units.parseDuration(value);
                        case "--presign-method" -> presignMethod = presignMethod(value);
                        default -> throw new IllegalArgumentException("unknown option " + arg);
                    }
                }
            }
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("credentials are required: --access-key/--secret-key or "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (page > 1000) {
            throw new IllegalArgumentException("--page is at most 1000 (S3's max-keys limit)");
        }
        if (partSize < 1) {
            throw new IllegalArgumentException("--part-size must be positive");
        }
        if (cleanup && bucket == null) {
            throw new IllegalArgumentException("--cleanup needs --bucket");
        }
        if (cleanup && presign != null) {
            throw new IllegalArgumentException("--cleanup and --presign-urls are separate runs");
        }
        if (size.max() > Integer.MAX_VALUE - 64 * Units.KIB && scenario != ScenarioName.MULTIPART) {
            throw new IllegalArgumentException("single-request objects are limited to 2 GiB; use multipart");
        }
        int objectCount = objects != null ? objects : scenario == ScenarioName.DELETE ? 20_000 : 1000;
        return new Options(endpoint, accessKey, secretKey, region, scenario, size, concurrency, duration, warmup,
                objectCount, listKeys, page, mix, partSize, threads, bucket, json, presign, presignMethod,
                presignExpiry, cleanup, progress);
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + value);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--endpoint must be http://HOST[:PORT] (no TLS), not " + value);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("--endpoint takes no path (path-style requests go to /BUCKET/KEY)");
        }
        return uri;
    }

    private static String presignMethod(String value) {
        String m = value.strip().toUpperCase(java.util.Locale.ROOT);
        if (!m.equals("GET") && !m.equals("HEAD")) {
            throw new IllegalArgumentException("--presign-method is GET or HEAD, not " + value);
        }
        return m;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return n;
    }

    /** --help: not an error, the caller prints the usage and exits 0. */
    public static final class HelpRequested extends RuntimeException {
        public HelpRequested() {
            super("help", null, false, false);
        }
    }
}
