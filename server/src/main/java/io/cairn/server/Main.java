package io.cairn.server;

import io.cairn.server.config.CommandLine;
import io.cairn.server.config.ConfigException;
import io.cairn.server.config.Configuration;
import io.cairn.server.config.ServerHelp;
import io.cairn.server.config.Setting;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/** {@code cairn server [--config FILE] [options] DIR...} (settings: {@link Setting}), {@code cairn admin ...} */
public final class Main {
    private static final String USAGE = """
            Usage: cairn server [--config FILE] [options] DIR...   run the server (cairn server --help)
                   cairn admin COMMAND                              administer a running server (cairn admin --help)
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
        }
        if (args.length == 0 || !args[0].equals("server")) {
            boolean help = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"));
            (help ? System.out : System.err).print(USAGE);
            System.exit(help ? 0 : 2);
        }
        Configuration config = configure(Arrays.asList(args).subList(1, args.length));
        CairnServer server = start(config);
        printBanner(server, config.server());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            // A JVM ended by SIGTERM exits 143 even after its hooks ran; a completed graceful stop is a success
            // to systemd, Kubernetes and docker, so say so.
            Runtime.getRuntime().halt(0);
        }, "cairn-shutdown"));
        // Serve until a signal: the shutdown hook ends the process.
        Thread.currentThread().join();
    }

    private static Configuration configure(List<String> args) {
        try {
            CommandLine line = CommandLine.parse(args);
            if (line.help()) {
                System.out.print(ServerHelp.text());
                System.exit(0);
            }
            return Configuration.resolve(line, System.getenv());
        } catch (ConfigException e) {
            throw fail(e.getMessage());
        }
    }

    private static CairnServer start(Configuration config) throws InterruptedException {
        try {
            return CairnServer.start(config.server(), config.env());
        } catch (IllegalArgumentException e) {
            // Settings only checked as the server reads them: root credentials, master keys.
            throw fail(e.getMessage());
        } catch (IOException e) {
            System.err.println("cairn: cannot start: " + e.getMessage());
            System.exit(1);
            throw new IllegalStateException(e);
        }
    }

    private static void printBanner(CairnServer server, ServerConfig config) {
        InetSocketAddress a = server.address();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        RootCredentials c = server.credentials();
        System.out.println("Cairn is running.");
        System.out.println("  Endpoint:   http://" + host + ":" + a.getPort());
        System.out.println("  Region:     " + config.region());
        if (config.drives().size() == 1) {
            System.out.println("  Data:       " + config.dataDir());
        } else {
            io.cairn.server.storage.ErasureDataStore es = server.storage().erasure();
            System.out.println("  Drives:     " + config.drives().size() + " (" + (config.drives().size() - es.parity())
                    + " data + " + es.parity() + " parity shards; reduced redundancy " + es.reducedParity()
                    + " parity)");
            config.drives().forEach(d -> System.out.println("              " + d));
        }
        System.out.println("  AccessKey:  " + c.accessKey());
        if (c.source() == RootCredentials.Source.ENVIRONMENT) {
            System.out.println("  SecretKey:  (as configured: root.password / CAIRN_ROOT_PASSWORD)");
        } else {
            // Printed so the quick start needs no configuration; it is also in DIR/.cairn/root-credentials.
            System.out.println("  SecretKey:  " + c.secretKey());
        }
        System.out.flush();
    }

    /** Exits with status 2 and one line; returned only to let callers write {@code throw fail(...)}. */
    private static IllegalStateException fail(String message) {
        System.err.println("cairn: " + message + " (cairn server --help lists the settings)");
        System.exit(2);
        return new IllegalStateException(message);
    }
}
