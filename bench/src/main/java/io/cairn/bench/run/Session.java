package io.cairn.bench.run;

import io.cairn.auth.RequestSigner;
import io.cairn.bench.cli.Options;
import io.cairn.bench.http.Connection;
import io.cairn.bench.http.HttpClient;
import io.cairn.bench.s3.Payload;
import io.cairn.bench.s3.S3Client;
import io.cairn.bench.stats.Meter;
import io.cairn.bench.stats.PhaseStats;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The client side of one invocation: transport, connections, workers, payload, signer, meter. */
final class Session implements AutoCloseable {
    final HttpClient http;
    final Payload payload;
    final Meter meter;
    final S3Client s3;
    final List<Connection> connections;
    final List<Worker> workers;
    final int threads;

    Session(Options options, long payloadMax) {
        // Half the cores by default: the generator usually shares the machine with the server it measures, and
        // on 2 cores one event loop measured both faster and cheaper per request than two (fewer wake-ups).
        // Under taskset the JVM sees only the CPUs it was given.
        threads = options.threads() > 0 ? options.threads()
                : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() / 2, options.concurrency()));
        InetSocketAddress address = new InetSocketAddress(options.endpoint().getHost(), options.port());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve " + options.endpoint().getHost());
        }
        payload = new Payload(payloadMax);
        http = new HttpClient(address, threads);
        meter = new Meter(new PhaseStats("setup"));
        s3 = new S3Client(options.hostHeader(),
                new RequestSigner(options.accessKey(), options.secretKey(), options.region()), meter, payload);
        connections = http.connections(options.concurrency());
        workers = new ArrayList<>(connections.size());
        SplittableRandom seeds = new SplittableRandom();
        for (int i = 0; i < connections.size(); i++) {
            workers.add(new Worker(i, connections.get(i), seeds.split()));
        }
    }

    /** Closes every connection: in-flight requests fail, and the connections reopen on next use. */
    void abortInFlight() {
        connections.forEach(Connection::close);
    }

    @Override
    public void close() {
        http.close();
        payload.close();
    }
}
