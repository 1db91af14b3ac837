package io.cairn.conformance;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A server in its own JVM with a {@link DirectoryTier} named COLD, for tests that need a separate process (a small
 * heap). Arguments: data directory, port, tier directory. The environment supplies the root credentials.
 */
public final class TieredServerMain {
    private TieredServerMain() {
    }

    public static void main(String[] args) throws Exception {
        DirectoryTier tier = new DirectoryTier("COLD", Path.of(args[2]));
        CairnServer server = CairnServer.start(ServerConfig.defaults(Path.of(args[0]))
                        .withAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]))), System.getenv(),
                name -> "COLD".equals(name) ? Optional.of(tier) : Optional.empty());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
