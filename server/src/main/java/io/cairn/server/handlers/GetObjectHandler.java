package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ByteRange;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * GetObject and HeadObject: versions and delete markers, conditions, ranges and part numbers; file data goes
 * out zero-copy.
 */
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
            ObjectVersion v = Versions.resolve(ctx, req, req.param("versionId"));
            Body body = plan(req, v);
            FileChannel file = null;
            if (!head && body.singleFile() != null) {
                try {
                    file = ctx.data().open(body.singleFile());
                } catch (NoSuchFileException e) {
                    // Replaced or deleted between the lookup and the open: look again.
                    if (attempt < MAX_ATTEMPTS) {
                        continue;
                    }
                    throw new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", req.key());
                }
            }
            try {
                send(req, v, body, file);
                file = null;
            } finally {
                if (file != null) {
                    file.close();
                }
            }
            return;
        }
    }

    /** What to send: status, the byte range of the object, and the response head. */
    private record Body(HttpResponse head, long offset, long length, List<ObjectContent.Segment> segments) {
        /** The data file when the whole body is one slice of one file (the zero-copy fast path). */
        String singleFile() {
            return segments.size() == 1 && segments.get(0).inline() == null ? segments.get(0).dataId() : null;
        }
    }

    private Body plan(S3Request req, ObjectVersion v) {
        Conditions.checkRead(req, v);
        String partNumber = req.param("partNumber");
        long offset = 0;
        long length = v.size();
        HttpResponse r;
        if (partNumber != null) {
            long[] part = ObjectContent.partRange(v, parsePartNumber(partNumber));
            if (part == null) {
                throw new S3Exception(S3Error.INVALID_PART_NUMBER)
                        .detail("PartNumberRequested", partNumber)
                        .detail("ActualPartCount", String.valueOf(ObjectContent.partsCount(v)));
            }
            offset = part[0];
            length = part[1];
            r = req.head(206);
            ObjectHeaders.apply(r.headers(), v, req);
            r.headers().set("x-amz-mp-parts-count", ObjectContent.partsCount(v));
            if (length > 0) {
                r.headers().set(HttpHeaderNames.CONTENT_RANGE,
                        new ByteRange(offset, length).contentRange(v.size()));
            }
        } else {
            ByteRange range = ByteRange.parse(req.header(HttpHeaderNames.RANGE), v.size());
            r = req.head(range == null ? 200 : 206);
            ObjectHeaders.apply(r.headers(), v, req);
            if (range != null) {
                offset = range.first();
                length = range.length();
                r.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(v.size()));
            } else if ("ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"))) {
                // A checksum describes the whole object, so it is returned only for whole-object reads.
                ObjectHeaders.checksums(r.headers(), v);
            }
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        return new Body(r, offset, length, ObjectContent.segments(v, offset, length));
    }

    private void send(S3Request req, ObjectVersion v, Body body, FileChannel file) {
        if (head) {
            req.response().sendHeadOnly(body.head());
        } else if (file != null) {
            ObjectContent.Segment s = body.segments().get(0);
            req.response().sendFile(body.head(), file, s.offset(), s.length());
        } else if (body.segments().size() == 1 && body.segments().get(0).inline() != null) {
            ObjectContent.Segment s = body.segments().get(0);
            req.response().sendBytes(body.head(), s.inline(), (int) s.offset(), (int) s.length());
        } else {
            List<Object> pieces = new ArrayList<>(body.segments().size());
            for (ObjectContent.Segment s : body.segments()) {
                pieces.add(s.inline() != null
                        ? Unpooled.wrappedBuffer(s.inline(), (int) s.offset(), (int) s.length())
                        // Opened lazily when its turn comes and closed once sent: one descriptor at a time.
                        : new DefaultFileRegion(ctx.data().pathOf(s.dataId()).toFile(), s.offset(), s.length()));
            }
            req.response().sendPieces(body.head(), pieces);
        }
    }

    private static int parsePartNumber(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1 && n <= 10000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, "
                + "inclusive").detail("ArgumentName", "partNumber").detail("ArgumentValue", s);
    }
}
