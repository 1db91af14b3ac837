package io.cairn.server;

import io.cairn.auth.RequestSigner;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn admin}: calls the server's admin API (under {@code /_cairn/admin/}) signed with SigV4 as the root
 * user, and prints the JSON answer.
 */
public final class AdminCommand {
    private static final String USAGE = """
            Usage: cairn admin [--endpoint URL] [--access-key KEY] [--secret-key SECRET] [--region R] [--json]
                               COMMAND

            Commands:
              info                    version, uptime, drives (free and total space), buckets, objects and bytes
              usage [BUCKET]          objects and bytes per bucket (or of one bucket)
              sse rotate-master-key   create a new SSE-S3 master key, make it current and re-seal every
                                      object's data key, the KMS keyring and tier credentials under it
                                      (metadata only)
              kms create-key NAME     create a key in the built-in KMS keyring (for aws:kms)
              kms list-keys           list the keyring's keys (names and ARNs, never material)
              transition BUCKET KEY TIER [VERSION-ID]
                                      move one object version (default: the latest) to a remote tier now
              transition stats        counters of transitions and remote tier failures
              heal [BUCKET [PREFIX]]  check every shard of the objects (all, a bucket's, or under a prefix)
                                      and rewrite missing or damaged ones; answers when done
              heal status             the drives of the erasure set and the healer's counters
              metrics pause|resume|status
                                      stop or resume recording request metrics (series keep their values)
            """ + TierCommand.USAGE + """

            Defaults: --endpoint http://127.0.0.1:9000; credentials from CAIRN_ROOT_USER/CAIRN_ROOT_PASSWORD or
            AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; region from AWS_DEFAULT_REGION or us-east-1.
            Tier credentials: CAIRN_TIER_SECRET_KEY (s3) and CAIRN_TIER_ACCOUNT_KEY (azure) stand in for
            --secret-key / --account-key of "tier add", keeping them out of process listings.
            --json prints info and usage as the server's JSON instead of a table.
            Exit status: 0 when the server answered 200, 1 for an error answer (printed on stderr), 2 for a
            usage error.
            """;

    private AdminCommand() {
    }

    /** Runs one command; answers go to standard output, errors to standard error. @return the exit status */
    public static int run(String[] args, Map<String, String> env) throws Exception {
        return run(args, env, System.out, System.err);
    }

    /** As {@link #run(String[], Map)}, printing to the given streams. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws Exception {
        String endpoint = "http://127.0.0.1:9000";
        String accessKey = env.getOrDefault("CAIRN_ROOT_USER", env.get("AWS_ACCESS_KEY_ID"));
        String secretKey = env.getOrDefault("CAIRN_ROOT_PASSWORD", env.get("AWS_SECRET_ACCESS_KEY"));
        String region = env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
        boolean json = false;
        List<String> words = new ArrayList<>();
        AdminRequest request = null;
        try {
            for (int i = 0; i < args.length && request == null; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--endpoint" -> endpoint = arg(args, ++i);
                    case "--access-key" -> accessKey = arg(args, ++i);
                    case "--secret-key" -> secretKey = arg(args, ++i);
                    case "--region" -> region = arg(args, ++i);
                    case "--json" -> json = true;
                    default -> {
                        words.add(args[i]);
                        if (words.equals(List.of("tier", "add"))) {
                            // The rest is the tier's: its own --endpoint, --access-key, ...
                            request = TierCommand.add(Arrays.copyOfRange(args, i + 1, args.length), env);
                        }
                    }
                }
            }
            if (request == null) {
                request = command(words);
            }
        } catch (IllegalArgumentException e) {
            err.println("cairn admin: " + e.getMessage());
            return 2;
        }
        if (request == null) {
            err.print(USAGE);
            return 2;
        }
        if (accessKey == null || secretKey == null) {
            err.println("cairn admin: credentials needed (--access-key/--secret-key or the environment)");
            return 2;
        }
        HttpResponse<String> response = send(request, endpoint, accessKey, secretKey, region);
        if (response.statusCode() != 200) {
            err.println(response.body());
            return 1;
        }
        out.println(json ? response.body()
                : AdminReports.table(request.path(), response.body()).orElse(response.body()));
        return 0;
    }

    private static AdminRequest command(List<String> words) {
        String command = String.join(" ", words);
        if (command.equals("info")) {
            return new AdminRequest("GET", AdminReports.INFO_PATH);
        }
        if (!words.isEmpty() && words.size() <= 2 && words.getFirst().equals("usage")) {
            return new AdminRequest("GET", AdminReports.USAGE_PATH, words.size() == 1 ? ""
                    : "bucket=" + RequestSigner.encodeComponent(words.get(1)), null);
        }
        if (command.equals("sse rotate-master-key")) {
            return new AdminRequest("POST", "/_cairn/admin/sse/rotate-master-key");
        }
        if (command.equals("kms list-keys")) {
            return new AdminRequest("GET", "/_cairn/admin/kms/keys");
        }
        if (words.size() == 3 && command.startsWith("kms create-key ")) {
            return new AdminRequest("POST", "/_cairn/admin/kms/keys", "name="
                    + RequestSigner.encodeComponent(words.get(2)), null);
        }
        if (command.equals("transition stats")) {
            return new AdminRequest("GET", "/_cairn/admin/transition");
        }
        if ((words.size() == 4 || words.size() == 5) && words.get(0).equals("transition")) {
            return new AdminRequest("POST", "/_cairn/admin/transition", "bucket="
                    + RequestSigner.encodeComponent(words.get(1))
                    + "&key=" + RequestSigner.encodeComponent(words.get(2))
                    + "&tier=" + RequestSigner.encodeComponent(words.get(3))
                    + (words.size() == 5 ? "&versionId=" + RequestSigner.encodeComponent(words.get(4)) : ""), null);
        }
        if (command.equals("metrics status")) {
            return new AdminRequest("GET", "/_cairn/admin/metrics");
        }
        if (command.equals("metrics pause") || command.equals("metrics resume")) {
            return new AdminRequest("POST", "/_cairn/admin/metrics",
                    "recording=" + (command.endsWith("pause") ? "off" : "on"), null);
        }
        if (command.equals("heal status")) {
            return new AdminRequest("GET", "/_cairn/admin/heal");
        }
        if (!words.isEmpty() && words.size() <= 3 && words.get(0).equals("heal")) {
            String query = words.size() == 1 ? "" : "bucket=" + RequestSigner.encodeComponent(words.get(1))
                    + (words.size() == 3 ? "&prefix=" + RequestSigner.encodeComponent(words.get(2)) : "");
            return new AdminRequest("POST", "/_cairn/admin/heal", query, null);
        }
        return TierCommand.simple(words);
    }

    private static HttpResponse<String> send(AdminRequest call, String endpoint, String accessKey, String secretKey,
                                             String region) throws Exception {
        URI base = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
        URI uri = URI.create(base + call.path() + (call.query().isEmpty() ? "" : "?" + call.query()));
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String date = RequestSigner.amzDate(Instant.now());
        String payloadHash = call.body() == null ? RequestSigner.EMPTY_PAYLOAD_SHA256 : sha256Hex(call.body());
        String authorization = new RequestSigner(accessKey, secretKey, region).authorization(call.method(),
                call.path(), call.query(), Map.of("host", List.of(host), "x-amz-date", List.of(date),
                        "x-amz-content-sha256", List.of(payloadHash)), payloadHash);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()))
                .header("x-amz-date", date)
                .header("x-amz-content-sha256", payloadHash)
                .header("Authorization", authorization)
                .timeout(Duration.ofHours(1));
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256Hex(byte[] body) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    private static String arg(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
