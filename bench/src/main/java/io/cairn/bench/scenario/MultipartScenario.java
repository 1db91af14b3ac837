package io.cairn.bench.scenario;

import io.cairn.bench.http.Response;
import io.cairn.bench.run.Worker;
import io.cairn.bench.s3.S3Client;
import io.cairn.bench.s3.Xml;
import io.cairn.bench.stats.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One multipart upload per operation: CreateMultipartUpload, --size split into --part-size parts uploaded one
 * after another on the worker's connection, CompleteMultipartUpload. Each request is timed as its own
 * operation; the whole upload is timed as MULTIPART, its bytes the object's. A failed upload is aborted.
 */
final class MultipartScenario implements Scenario {
    private final ScenarioContext ctx;
    private final S3Client s3;

    MultipartScenario(ScenarioContext ctx) {
        this.ctx = ctx;
        this.s3 = ctx.s3();
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        Upload upload = new Upload(w, ctx.keys().written("mpu", w.index(), w.nextSequence()),
                ctx.options().size().next(w.random()));
        return s3.createMultipartUpload(w.connection(), ctx.bucket(), upload.key).thenCompose(r -> {
            String id = r.ok() ? Xml.first(r.bodyText(), "UploadId") : null;
            if (id == null) {
                return upload.failed(r.ok() ? "no UploadId" : null);
            }
            upload.id = id;
            return upload.nextPart();
        });
    }

    /** The state of one upload in progress; touched only on its worker's event loop. */
    private final class Upload {
        private final Worker w;
        private final String key;
        private final long size;
        private final long partSize = ctx.options().partSize();
        private final long start = System.nanoTime();
        private final List<String> etags = new ArrayList<>();
        private String id;
        private long sent;

        Upload(Worker w, String key, long size) {
            this.w = w;
            this.key = key;
            this.size = size;
        }

        CompletableFuture<Void> nextPart() {
            if (sent >= size && !etags.isEmpty()) {
                return complete();
            }
            long length = Math.min(partSize, size - sent);
            sent += length;
            return s3.uploadPart(w.connection(), ctx.bucket(), key, id, etags.size() + 1, length, w.random())
                    .thenCompose(r -> {
                        String etag = r.header("etag");
                        if (!r.ok() || etag == null) {
                            return failed(r.ok() ? "no ETag" : null);
                        }
                        etags.add(etag);
                        return nextPart();
                    });
        }

        private CompletableFuture<Void> complete() {
            return s3.completeMultipartUpload(w.connection(), ctx.bucket(), key, id, etags).thenCompose(r -> {
                // S3 may answer 200 and still fail: the error then comes in the body.
                if (r.ok() && r.bodyText().contains("<Error>")) {
                    s3.meter().error(Op.MPU_COMPLETE, "200 " + Xml.first(r.bodyText(), "Code"));
                    return failed(null);
                }
                if (!r.ok()) {
                    return failed(null);
                }
                s3.meter().success(Op.MULTIPART, System.nanoTime() - start, size);
                return CompletableFuture.completedFuture(null);
            });
        }

        /** Counts the upload as failed (the failing request was counted already) and aborts it. */
        private CompletableFuture<Void> failed(String reason) {
            s3.meter().error(Op.MULTIPART, reason == null ? "a request failed" : reason);
            if (id == null) {
                return CompletableFuture.completedFuture(null);
            }
            return s3.abortMultipartUpload(w.connection(), ctx.bucket(), key, id)
                    .handle((Response r, Throwable e) -> null);
        }
    }
}
