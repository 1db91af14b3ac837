package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ByteRange;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;

/** GetObject and HeadObject: conditions, ranges, stored headers; file data goes out zero-copy. */
final class GetObjectHandler implements OperationHandler {
    private static final int MAX_ATTEMPTS = 3;

    private final ServerContext ctx;
    private final boolean head;

    GetObjectHandler(ServerContext ctx, boolean head) {
        this.ctx = ctx;
        this.head = head;
    }

    @Override
    public void handle(S3Request req) throws MetadataException, IOException {
        ObjectKeys.requireValid(req.key());
        for (int attempt = 1; ; attempt++) {
            ObjectVersion v = current(req);
            FileChannel file = null;
            if (!head && v.dataId() != null) {
                try {
                    file = ctx.data().open(v.dataId());
                } catch (NoSuchFileException e) {
                    // Replaced or deleted between the lookup and the open: look again.
                    if (attempt < MAX_ATTEMPTS) {
                        continue;
                    }
                    throw new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", req.key());
                }
            }
            try {
                respond(req, v, file);
                file = null;
            } finally {
                if (file != null) {
                    file.close();
                }
            }
            return;
        }
    }

    private ObjectVersion current(S3Request req) throws MetadataException {
        try {
            ObjectVersion v = ctx.metadata().latest(req.bucket(), req.key()).orElse(null);
            if (v == null || v.deleteMarker()) {
                throw new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", req.key());
            }
            return v;
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
    }

    private void respond(S3Request req, ObjectVersion v, FileChannel file) {
        Conditions.checkRead(req, v);
        ByteRange range = ByteRange.parse(req.header(HttpHeaderNames.RANGE), v.size());
        HttpResponse r = req.head(range == null ? 200 : 206);
        ObjectHeaders.apply(r.headers(), v, req);
        long offset = 0;
        long length = v.size();
        if (range != null) {
            offset = range.first();
            length = range.length();
            r.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(v.size()));
        } else if ("ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"))) {
            // A checksum describes the whole object, so it is returned only for whole-object reads.
            ObjectHeaders.checksums(r.headers(), v);
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        if (head) {
            req.response().sendHeadOnly(r);
        } else if (v.inline() != null) {
            req.response().sendBytes(r, v.inline(), (int) offset, (int) length);
        } else if (file != null) {
            req.response().sendFile(r, file, offset, length);
        } else {
            req.response().sendBytes(r, new byte[0], 0, 0);
        }
    }
}
