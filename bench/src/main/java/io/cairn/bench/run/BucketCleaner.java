package io.cairn.bench.run;

import io.cairn.bench.http.Connection;
import io.cairn.bench.http.Response;
import io.cairn.bench.s3.S3Client;
import io.cairn.bench.s3.Xml;
import io.cairn.bench.stats.ErrorKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Removes what a run wrote: lists a prefix page by page and deletes each page with one DeleteObjects on
 * whichever connection is free, so a 100,000-object PUT run is cleaned up with the run's full concurrency.
 */
public final class BucketCleaner {
    private static final int PAGE = 1000;

    private final S3Client s3;
    private final BlockingQueue<Connection> idle;

    public BucketCleaner(S3Client s3, List<Connection> connections) {
        this.s3 = s3;
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /** Deletes every object under {@code prefix} ("" for all); returns how many. */
    public long deleteObjects(String bucket, String prefix) throws InterruptedException, ExecutionException {
        AtomicLong deleted = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        String token = null;
        do {
            Connection c = idle.take();
            Response page;
            try {
                page = s3.listObjects(c, bucket, prefix, null, token, PAGE, S3Client.ALL).get();
            } finally {
                idle.put(c);
            }
            check(page, "list " + bucket);
            List<String> keys = Xml.all(page.bodyText(), "Key");
            token = "true".equals(Xml.first(page.bodyText(), "IsTruncated"))
                    ? Xml.first(page.bodyText(), "NextContinuationToken") : null;
            if (!keys.isEmpty()) {
                Connection d = idle.take();
                inFlight.add(s3.deleteObjects(d, bucket, keys).whenComplete((r, e) -> {
                    idle.add(d);
                    if (e != null) {
                        failure.compareAndSet(null, ErrorKeys.of(e));
                    } else if (!r.ok() || r.bodyText().contains("<Error>")) {
                        failure.compareAndSet(null, r.ok() ? "DeleteObjects: " + Xml.first(r.bodyText(), "Code")
                                : ErrorKeys.of(r));
                    } else {
                        deleted.addAndGet(keys.size());
                    }
                }));
            }
            if (failure.get() != null) {
                break;
            }
        } while (token != null);
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get();
        if (failure.get() != null) {
            throw new IllegalStateException("could not delete the objects of " + bucket + ": " + failure.get());
        }
        return deleted.get();
    }

    /** Aborts multipart uploads still open under {@code prefix} (a run interrupted mid-upload leaves them). */
    public int abortUploads(String bucket, String prefix) throws InterruptedException, ExecutionException {
        int aborted = 0;
        String keyMarker = null;
        String uploadMarker = null;
        Connection c = idle.take();
        try {
            while (true) {
                Response page = s3.listUploads(c, bucket, prefix, keyMarker, uploadMarker).get();
                check(page, "list uploads of " + bucket);
                String xml = page.bodyText();
                for (String upload : Xml.blocks(xml, "Upload")) {
                    String key = Xml.first(upload, "Key");
                    String id = Xml.first(upload, "UploadId");
                    Response r = s3.abortMultipartUpload(c, bucket, key, id).get();
                    if (r.ok() || r.status() == 404) {
                        aborted++;
                    } else {
                        check(r, "abort upload " + key);
                    }
                }
                if (!"true".equals(Xml.first(xml, "IsTruncated"))) {
                    return aborted;
                }
                keyMarker = Xml.first(xml, "NextKeyMarker");
                uploadMarker = Xml.first(xml, "NextUploadIdMarker");
            }
        } finally {
            idle.put(c);
        }
    }

    public void deleteBucket(String bucket) throws InterruptedException, ExecutionException {
        Connection c = idle.take();
        try {
            check(s3.deleteBucket(c, bucket).get(), "delete bucket " + bucket);
        } finally {
            idle.put(c);
        }
    }

    private static void check(Response r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException("could not " + what + ": " + ErrorKeys.of(r));
        }
    }
}
