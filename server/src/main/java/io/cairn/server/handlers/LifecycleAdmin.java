package io.cairn.server.handlers;

import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.tiering.lifecycle.LifecycleScanner;

/**
 * The lifecycle admin API (JSON, root signature required): {@code POST lifecycle/scan} runs one scanner pass now
 * (on the scanner's thread) and answers when it has ended, with its counts.
 */
final class LifecycleAdmin {
    static final String PREFIX = "lifecycle/";

    private final LifecycleScanner scanner;

    LifecycleAdmin(LifecycleScanner scanner) {
        this.scanner = scanner;
    }

    String handle(String method, String path) {
        if (!(method + " " + path).equals("POST " + PREFIX + "scan")) {
            throw new S3Exception(S3Error.NO_SUCH_KEY, "No such admin endpoint.");
        }
        try {
            return scanner.scanNow().toJson();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3Exception(S3Error.SERVICE_UNAVAILABLE, "The server is stopping.");
        } catch (IllegalStateException e) {
            throw new S3Exception(S3Error.SERVICE_UNAVAILABLE, "The lifecycle scanner is not running.");
        }
    }
}
