package io.cairn.server;

import io.cairn.auth.RequestAuthenticator;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.RocksMetadataStore;
import io.cairn.server.handlers.AdminHandler;
import io.cairn.server.handlers.Handlers;
import io.cairn.server.handlers.LifecycleWork;
import io.cairn.server.health.DriveQuorumCheck;
import io.cairn.server.health.MetadataCheck;
import io.cairn.server.health.MetadataPrimaryCheck;
import io.cairn.server.health.Readiness;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.logs.JsonLinesLog;
import io.cairn.server.logs.RequestEntry;
import io.cairn.server.metrics.BackgroundMetrics;
import io.cairn.server.metrics.CairnMetrics;
import io.cairn.server.metrics.StorageMetrics;
import io.cairn.server.sse.KeyService;
import io.cairn.server.http.HttpServer;
import io.cairn.server.metrics.DriveMetrics;
import io.cairn.server.storage.DataStore;
import io.cairn.server.storage.Storage;
import io.cairn.server.tier.TierLookup;
import io.cairn.server.tier.Tiering;
import io.cairn.server.tiers.SealedTierSecrets;
import io.cairn.tiering.remote.TierException;
import io.cairn.tiering.remote.TierRegistry;
import io.cairn.tiering.lifecycle.LifecycleScanner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
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

    private final Storage storage;
    private final MetadataStore metadata;
    private final Tiering tiering;
    private final TierRegistry tiers;
    private final ServerContext context;
    private final LifecycleScanner scanner;
    private final ExecutorService workers;
    private final HttpServer http;
    private final RootCredentials credentials;
    private final CairnMetrics metrics;
    private final JsonLinesLog<RequestEntry> accessLog;
    private final JsonLinesLog<RequestEntry> auditLog;
    private final Readiness readiness = new Readiness();
    private final java.time.Duration shutdownTimeout;

    private CairnServer(ServerConfig config, Map<String, String> env, TierLookup testTiers)
            throws IOException, InterruptedException {
        OpsSettings ops = OpsSettings.fromEnv(env);
        shutdownTimeout = ops.shutdownTimeout();
        storage = Storage.open(config.drives(), config.parity(), config.reducedParity());
        Path state = storage.stateDir();
        credentials = RootCredentials.load(env, state);
        Tiering startedTiering = null;
        TierRegistry registry = null;
        CairnMetrics meters = ops.metrics() ? new CairnMetrics() : null;
        JsonLinesLog<RequestEntry> access = null;
        JsonLinesLog<RequestEntry> audit = null;
        HttpServer listening = null;
        MetadataStore store = null;
        StartupGate gate = new StartupGate(readiness);
        S3Dispatcher dispatcher;
        try {
            access = openLog("access", OpsSettings.ENV_ACCESS_LOG, ops.accessLog(), RequestEntry.ACCESS);
            audit = openLog("audit", OpsSettings.ENV_AUDIT_LOG, ops.auditLog(), RequestEntry.AUDIT);
            if (meters != null) {
                meters.bindLogs(access, audit);
            }
            RequestObserver observer = new RequestObserver(meters == null ? null : meters.requests(), access, audit);
            // Bound before the stores open: probes see "live" and "not ready" during a long start-up.
            listening = new HttpServer(config.address(), gate, observer, config.bodyTimeoutMillis());
            http = listening;
            DataStore data = storage.data();
            int temps = data.sweepTemporaryFiles();
            store = RocksMetadataStore.open(storage.metadataDirs(), storage.erasure() != null);
            metadata = store;
            Set<String> referenced = new HashSet<>();
            metadata.forEachDataId(referenced::add);
            int orphans = data.sweepOrphans(referenced::contains);
            if (temps + orphans > 0) {
                LOG.log(System.Logger.Level.INFO, "start-up sweep removed {0} temporary and {1} orphaned files",
                        temps, orphans);
            }
            KeyService keys = KeyService.open(state, env, config.region());
            registry = new TierRegistry(metadata, new SealedTierSecrets(keys));
            TierLookup lookup = testTiers != null ? testTiers : registryLookup(registry);
            startedTiering = Tiering.start(metadata, data, lookup, config.lifecycleDay());
            ServerContext ctx = new ServerContext(metadata, data, config, keys, registry, startedTiering);
            context = ctx;
            RequestAuthenticator authenticator = new RequestAuthenticator(
                    key -> key.equals(credentials.accessKey()) ? Optional.of(credentials.secretKey())
                            : Optional.empty(),
                    config.region(), Clock.systemUTC());
            LifecycleRules lifecycle = new LifecycleRules(config.lifecycleDay());
            scanner = new LifecycleScanner(metadata, lifecycle::evaluator, new LifecycleWork(ctx),
                    config.scannerRate(), config.scannerInterval(), Clock.systemUTC());
            if (meters != null) {
                StorageMetrics.bind(meters, metadata);
                BackgroundMetrics.bind(meters, scanner, startedTiering);
            }
            storage.start(metadata);
            if (meters != null) {
                DriveMetrics.bind(meters, storage, metadata);
            }
            workers = newWorkerPool(config.workerThreads());
            dispatcher = new S3Dispatcher(workers, authenticator, Handlers.table(ctx, lifecycle),
                    new AdminHandler(readiness, ctx, scanner, meters, ops.metricsToken(), storage),
                    config.domains());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (listening != null) {
                listening.close();
            }
            closeAll(access, audit, meters, storage);
            if (startedTiering != null) {
                startedTiering.close();
            }
            if (registry != null) {
                registry.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
        tiering = startedTiering;
        tiers = registry;
        metrics = meters;
        accessLog = access;
        auditLog = audit;
        scanner.start();
        readiness.register(new MetadataCheck(metadata));
        if (storage.erasure() != null) {
            readiness.register(new DriveQuorumCheck(storage.erasure(), storage.drives()));
            if (metadata instanceof RocksMetadataStore rocks) {
                readiness.register(new MetadataPrimaryCheck(rocks));
            }
        }
        gate.open(dispatcher);
        readiness.serving();
    }

    /** Opens the data directory and starts listening; remote tiers are the ones defined through the admin API. */
    public static CairnServer start(ServerConfig config, Map<String, String> env)
            throws IOException, InterruptedException {
        return new CairnServer(config, env, null);
    }

    /**
     * For tests: {@code tiers} replaces the defined remote tiers as what transitions move content to and reads
     * fetch it from.
     */
    public static CairnServer start(ServerConfig config, Map<String, String> env, TierLookup tiers)
            throws IOException, InterruptedException {
        return new CairnServer(config, env, Objects.requireNonNull(tiers, "tiers"));
    }

    /** Defined tiers by name; a definition that cannot be used (say, its credentials no longer open) is absent. */
    private static TierLookup registryLookup(TierRegistry registry) {
        return name -> {
            try {
                return Optional.of(registry.get(name));
            } catch (TierException e) {
                LOG.log(System.Logger.Level.DEBUG, "tier {0} unavailable: {1}", name, e.getMessage());
                return Optional.empty();
            }
        };
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

    /** The drives and what lives on them (for tests and the banner). */
    public Storage storage() {
        return storage;
    }

    /** The stores and services the handlers share (for in-process tests and embedding). */
    public ServerContext context() {
        return context;
    }

    /** Where parts of the server (and embedding code) register what readiness depends on. */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * Graceful stop: readiness goes false, no new connections, requests in flight get up to the shutdown timeout
     * to finish, then background work stops and the metadata store is flushed and closed.
     */
    @Override
    public void close() {
        readiness.stopping();
        int cut = http.shutdown(shutdownTimeout);
        if (cut > 0) {
            LOG.log(System.Logger.Level.WARNING, "shutdown timeout ({0}) reached: closed {1} connections with "
                    + "requests in flight", shutdownTimeout, cut);
        }
        scanner.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
        tiering.close();
        tiers.close();
        // After the HTTP side: every answered request's line is queued by now, and is written before these close.
        closeAll(accessLog, auditLog, metrics);
        metadata.close();
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing {0} failed: {1}", r, e.getMessage());
                }
            }
        }
    }

    private static JsonLinesLog<RequestEntry> openLog(String name, String variable, String target,
                                                      JsonLinesLog.Format<RequestEntry> format) throws IOException {
        if (target == null) {
            return null;
        }
        try {
            return JsonLinesLog.open(name, target, format);
        } catch (IOException e) {
            throw new IOException(variable + ": cannot open " + target + ": " + e.getMessage(), e);
        }
    }
}
