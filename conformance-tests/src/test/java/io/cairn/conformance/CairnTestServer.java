package io.cairn.conformance;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.server.tier.TierLookup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Cairn server started in-process on a free loopback port with a fresh data directory, and SDK clients for
 * it with default settings (default checksums on), path-style addressing.
 */
public final class CairnTestServer implements AutoCloseable {
    public static final String ACCESS_KEY = "TESTROOTACCESSKEY001";
    public static final String SECRET_KEY = "testRootSecretKey0000000000000000000001";
    public static final String DOMAIN = "s3.local";

    private final Path dataDir;
    private final CairnServer server;

    private CairnTestServer(Path dataDir, CairnServer server) {
        this.dataDir = dataDir;
        this.server = server;
    }

    public static CairnTestServer start() {
        return start(c -> c);
    }

    public static CairnTestServer start(UnaryOperator<ServerConfig> customize) {
        return start(customize, Map.of("CAIRN_ALLOW_INSECURE_SSE_C", "true"));
    }

    /** @param env the server's environment besides the root credentials (tests allow SSE-C over plain http) */
    public static CairnTestServer start(UnaryOperator<ServerConfig> customize, Map<String, String> env) {
        return start(customize, env, TierLookup.none());
    }

    /** @param tiers the remote tiers the server may transition content to */
    public static CairnTestServer start(UnaryOperator<ServerConfig> customize, Map<String, String> env,
                                        TierLookup tiers) {
        return start(customize, env, (config, all) -> CairnServer.start(config, all, tiers));
    }

    /** A server whose remote tiers are the ones defined through its admin API, as in production. */
    public static CairnTestServer startWithDefinedTiers(UnaryOperator<ServerConfig> customize) {
        return start(customize, Map.of("CAIRN_ALLOW_INSECURE_SSE_C", "true"), CairnServer::start);
    }

    @FunctionalInterface
    private interface Starter {
        CairnServer start(ServerConfig config, Map<String, String> env) throws IOException, InterruptedException;
    }

    private static CairnTestServer start(UnaryOperator<ServerConfig> customize, Map<String, String> env,
                                         Starter starter) {
        try {
            Path dir = Files.createTempDirectory("cairn-test-");
            ServerConfig config = customize.apply(ServerConfig.defaults(dir)
                    .withAddress(new InetSocketAddress("127.0.0.1", 0))
                    .withDomains(java.util.List.of(DOMAIN)));
            Map<String, String> all = new java.util.HashMap<>(env);
            all.put("CAIRN_ROOT_USER", ACCESS_KEY);
            all.put("CAIRN_ROOT_PASSWORD", SECRET_KEY);
            return new CairnTestServer(dir, starter.start(config, all));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running server's stores and services (metadata, tier registry, ...), for checks beyond the API. */
    public io.cairn.server.ServerContext context() {
        return server.context();
    }

    /** Where readiness checks are registered, and what the readiness probe answers. */
    public io.cairn.server.health.Readiness readiness() {
        return server.readiness();
    }

    /** The server's drives, data store and healer. */
    public io.cairn.server.storage.Storage storage() {
        return server.storage();
    }

    /** The server's metadata store, to set up what the S3 API cannot (or cannot yet) write. */
    public io.cairn.meta.MetadataStore metadata() {
        return server.context().metadata();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    /** An SDK client with default settings except path-style addressing. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .build();
    }

    public S3Client client(UnaryOperator<software.amazon.awssdk.services.s3.S3ClientBuilder> customize) {
        return customize.apply(S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .forcePathStyle(true)).build();
    }

    public S3Presigner presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
