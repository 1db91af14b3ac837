package io.cairn.server;

import io.cairn.auth.RequestSigner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cairn admin}: calls the server's admin API (under {@code /_cairn/admin/}) signed with SigV4 as the root
 * user, and prints the JSON answer.
 */
final class AdminCommand {
    private static final String USAGE = """
            Usage: cairn admin [--endpoint URL] [--access-key KEY] [--secret-key SECRET] [--region R] COMMAND

            Commands:
              sse rotate-master-key   create a new SSE-S3 master key, make it current and re-seal every
                                      object's data key and the KMS keyring under it (metadata only)
              kms create-key NAME     create a key in the built-in KMS keyring (for aws:kms)
              kms list-keys           list the keyring's keys (names and ARNs, never material)
              transition BUCKET KEY TIER [VERSION-ID]
                                      move one object version (default: the latest) to a remote tier now
              transition stats        counters of transitions and remote tier failures

            Defaults: --endpoint http://127.0.0.1:9000; credentials from CAIRN_ROOT_USER/CAIRN_ROOT_PASSWORD or
            AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; region from AWS_DEFAULT_REGION or us-east-1.
            """;

    private AdminCommand() {
    }

    static int run(String[] args, Map<String, String> env) throws Exception {
        String endpoint = "http://127.0.0.1:9000";
        String accessKey = env.getOrDefault("CAIRN_ROOT_USER", env.get("AWS_ACCESS_KEY_ID"));
        String secretKey = env.getOrDefault("CAIRN_ROOT_PASSWORD", env.get("AWS_SECRET_ACCESS_KEY"));
        String region = env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "--endpoint" -> endpoint = arg(args, ++i);
                case "--access-key" -> accessKey = arg(args, ++i);
                case "--secret-key" -> secretKey = arg(args, ++i);
                case "--region" -> region = arg(args, ++i);
                default -> words.add(args[i]);
            }
        }
        String command = String.join(" ", words);
        String method;
        String path;
        String query = "";
        if (command.equals("sse rotate-master-key")) {
            method = "POST";
            path = "/_cairn/admin/sse/rotate-master-key";
        } else if (command.equals("kms list-keys")) {
            method = "GET";
            path = "/_cairn/admin/kms/keys";
        } else if (words.size() == 3 && command.startsWith("kms create-key ")) {
            method = "POST";
            path = "/_cairn/admin/kms/keys";
            query = "name=" + RequestSigner.encodeComponent(words.get(2));
        } else if (command.equals("transition stats")) {
            method = "GET";
            path = "/_cairn/admin/transition";
        } else if ((words.size() == 4 || words.size() == 5) && words.get(0).equals("transition")) {
            method = "POST";
            path = "/_cairn/admin/transition";
            query = "bucket=" + RequestSigner.encodeComponent(words.get(1))
                    + "&key=" + RequestSigner.encodeComponent(words.get(2))
                    + "&tier=" + RequestSigner.encodeComponent(words.get(3))
                    + (words.size() == 5 ? "&versionId=" + RequestSigner.encodeComponent(words.get(4)) : "");
        } else {
            System.err.print(USAGE);
            return 2;
        }
        if (accessKey == null || secretKey == null) {
            System.err.println("cairn admin: credentials needed (--access-key/--secret-key or the environment)");
            return 2;
        }
        URI base = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
        URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String date = RequestSigner.amzDate(Instant.now());
        String authorization = new RequestSigner(accessKey, secretKey, region).authorization(method, path, query,
                Map.of("host", List.of(host), "x-amz-date", List.of(date),
                        "x-amz-content-sha256", List.of(RequestSigner.EMPTY_PAYLOAD_SHA256)),
                RequestSigner.EMPTY_PAYLOAD_SHA256);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("x-amz-date", date)
                .header("x-amz-content-sha256", RequestSigner.EMPTY_PAYLOAD_SHA256)
                .header("Authorization", authorization)
                .timeout(Duration.ofHours(1))
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        (response.statusCode() == 200 ? System.out : System.err).println(response.body());
        return response.statusCode() == 200 ? 0 : 1;
    }

    private static String arg(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
