package io.cairn.bench.run;

import io.cairn.auth.RequestSigner;
import io.cairn.bench.cli.Options;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

/** Writes one presigned URL (GET or HEAD) per prepared object, for load generators that cannot sign (wrk). */
final class PresignedUrls {
    private final Options options;

    PresignedUrls(Options options) {
        this.options = options;
    }

    void write(String bucket, Keys keys, int count) throws IOException {
        RequestSigner signer = new RequestSigner(options.accessKey(), options.secretKey(), options.region());
        Instant now = Instant.now();
        String base = "http://" + options.hostHeader();
        try (BufferedWriter out = Files.newBufferedWriter(options.presignUrls())) {
            for (int i = 0; i < count; i++) {
                String path = "/" + bucket + "/" + RequestSigner.encodePath(keys.object(i));
                String query = signer.presignedQuery(options.presignMethod(), path, "", options.hostHeader(), now,
                        options.presignExpiry());
                out.write(base + path + "?" + query);
                out.newLine();
            }
        }
    }
}
