package io.cairn.server;

import io.cairn.auth.RequestAuthenticator;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.RocksMetadataStore;
import io.cairn.server.handlers.AdminHandler;
import io.cairn.server.handlers.Handlers;
import io.cairn.server.handlers.LifecycleWork;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.sse.KeyService;
import io.cairn.server.http.HttpServer;
import io.cairn.server.storage.DataStore;
import io.cairn.tiering.lifecycle.LifecycleScanner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One running server: stores opened and swept, handlers wired, HTTP listening. */
public final class CairnServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CairnServer.class.getName());

    private final MetadataStore metadata;
    private final LifecycleScanner scanner;
    private final ExecutorService workers;
    private final HttpServer http;
    private final RootCredentials credentials;
    private volatile boolean ready;

    private CairnServer(ServerConfig config, Map<String, String> env) throws IOException, InterruptedException {
        Path state = config.dataDir().resolve(".cairn");
        Files.createDirectories(state);
        credentials = RootCredentials.load(env, state);
        DataStore data = new DataStore(state);
        int temps = data.sweepTemporaryFiles();
        metadata = RocksMetadataStore.open(state.resolve("meta"));
        try {
            Set<String> referenced = new HashSet<>();
            metadata.forEachDataId(referenced::add);
            int orphans = data.sweepOrphans(referenced::contains);
            if (temps + orphans > 0) {
                LOG.log(System.Logger.Level.INFO, "start-up sweep removed {0} temporary and {1} orphaned files",
                        temps, orphans);
            }
            KeyService keys = KeyService.open(state, env, config.region());
            ServerContext ctx = new ServerContext(metadata, data, config, keys);
            RequestAuthenticator authenticator = new RequestAuthenticator(
                    key -> key.equals(credentials.accessKey()) ? Optional.of(credentials.secretKey())
                            : Optional.empty(),
                    config.region(), Clock.systemUTC());
            LifecycleRules lifecycle = new LifecycleRules(config.lifecycleDay());
            scanner = new LifecycleScanner(metadata, lifecycle::evaluator, new LifecycleWork(ctx),
                    config.scannerRate(), config.scannerInterval(), Clock.systemUTC());
            workers = newWorkerPool(config.workerThreads());
            S3Dispatcher dispatcher = new S3Dispatcher(workers, authenticator, Handlers.table(ctx, lifecycle),
                    new AdminHandler(() -> ready, ctx, scanner), config.domains());
            http = new HttpServer(config.address(), dispatcher, config.bodyTimeoutMillis());
        } catch (IOException | InterruptedException | RuntimeException e) {
            metadata.close();
            throw e;
        }
        scanner.start();
        ready = true;
    }

    /** Opens the data directory and starts listening. */
    public static CairnServer start(ServerConfig config, Map<String, String> env)
            throws IOException, InterruptedException {
        return new CairnServer(config, env);
    }

    private static ExecutorService newWorkerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        // Platform threads, not virtual: RocksDB calls are JNI and would pin a virtual thread's carrier.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(null, r, "cairn-worker-" + n.incrementAndGet(), 512 * 1024);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public InetSocketAddress address() {
        return http.localAddress();
    }

    public int port() {
        return http.localAddress().getPort();
    }

    public RootCredentials credentials() {
        return credentials;
    }

    /** The metadata store, for tests that set up states the S3 API cannot reach quickly. */
    public MetadataStore metadata() {
        return metadata;
    }

    @Override
    public void close() {
        ready = false;
        scanner.close();
        http.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metadata.close();
    }
}
