package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.s3.ByteRange;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;
import io.cairn.server.http.BodyChunks;
import io.cairn.server.sse.CustomerKey;
import io.cairn.server.sse.EncryptionRecord;
import io.cairn.server.sse.IntegrityException;
import io.cairn.server.storage.DataStore;
import io.cairn.server.tier.TierState;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GetObject and HeadObject: versions and delete markers, conditions, ranges and part numbers; file data goes
 * out zero-copy.
 */
final class GetObjectHandler implements InMemoryHandler {
    private static final int MAX_ATTEMPTS = 3;
    private static final System.Logger LOG = System.getLogger(GetObjectHandler.class.getName());

    private final ServerContext ctx;
    private final LifecycleRules lifecycle;
    private final boolean head;

    GetObjectHandler(ServerContext ctx, LifecycleRules lifecycle, boolean head) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.head = head;
    }

    @Override
    public void handle(S3Request req) throws MetadataException, IOException {
        ObjectKeys.requireValid(req.key());
        for (int attempt = 1; ; attempt++) {
            ObjectVersion v = Versions.resolve(ctx, req, req.param("versionId"));
            EncryptionRecord rec = EncryptionRecord.fromMap(v.encryption());
            CustomerKey customerKey = SseHeaders.requireReadKey(req, rec, SseHeaders.CUSTOMER, ctx.keys());
            Body body = plan(req, v, false);
            TierState remote = TierState.remoteOnly(v);
            if (rec != null || remote != null || !body.zeroCopy(ctx.data())) {
                if (rec != null) {
                    SseHeaders.echo(body.head().headers(), rec, customerKey, ctx.keys());
                }
                sendStreamed(req, v, rec, customerKey, remote, body);
                return;
            }
            FileChannel file = null;
            if (!head && body.singleFile() != null) {
                try {
                    file = FileChannel.open(ctx.data().plainFile(body.singleFile()), StandardOpenOption.READ);
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

    /**
     * The unversioned read of an object whose record is in memory and which needs no file, no key service and no
     * tier: HEAD of any such object, GET of one stored inline (small objects). Everything else is left to
     * {@link #handle}.
     */
    @Override
    public void answerInMemory(S3Request req) throws MetadataException {
        if (req.param("versionId") != null || req.param("partNumber") != null) {
            return;
        }
        ObjectKeys.requireValid(req.key());
        ObjectVersion v = Versions.resolveInMemory(ctx, req);
        // A body in files is for the worker to open (and to plan the response of).
        if (v.encrypted() || TierState.of(v) != null || (!head && ObjectContent.inFiles(v))) {
            return;
        }
        SseHeaders.requireReadKey(req, null, SseHeaders.CUSTOMER, ctx.keys());
        send(req, v, plan(req, v, true), null);
    }

    /** What to send: status, the byte range of the object, and the response head. */
    private record Body(HttpResponse head, long offset, long length, List<ObjectContent.Segment> segments) {
        /** The data file when the whole body is one slice of one file (the zero-copy fast path). */
        String singleFile() {
            return segments.size() == 1 && segments.get(0).inline() == null ? segments.get(0).dataId() : null;
        }

        /** Whether every piece is inline or a plain file that can be sent as it is. */
        boolean zeroCopy(DataStore data) {
            for (ObjectContent.Segment s : segments) {
                if (s.inline() == null && data.plainFile(s.dataId()) == null) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code inMemory}: the bucket's lifecycle rules are taken from the cache alone (see answerInMemory). */
    private Body plan(S3Request req, ObjectVersion v, boolean inMemory) {
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
            tierHeaders(r.headers(), req, v);
            r.headers().set("x-amz-mp-parts-count", ObjectContent.partsCount(v));
            if (length > 0) {
                r.headers().set(HttpHeaderNames.CONTENT_RANGE,
                        new ByteRange(offset, length).contentRange(v.size()));
            }
        } else {
            ByteRange range = ByteRange.parse(req.header(HttpHeaderNames.RANGE), v.size());
            r = req.head(range == null ? 200 : 206);
            ObjectHeaders.apply(r.headers(), v, req);
            tierHeaders(r.headers(), req, v);
            if (range != null) {
                offset = range.first();
                length = range.length();
                r.headers().set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(v.size()));
            } else if ("ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"))) {
                // A checksum describes the whole object, so it is returned only for whole-object reads.
                ObjectHeaders.checksums(r.headers(), v);
            }
        }
        if (req.param("versionId") == null) {
            (inMemory ? Optional.of(ctx.metadata().bucketInMemory(req.bucket())) : ctx.metadata().bucket(req.bucket()))
                    .flatMap(b -> lifecycle.expirationHeader(b, v))
                    .ifPresent(x -> r.headers().set(LifecycleRules.EXPIRATION_HEADER, x));
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        return new Body(r, offset, length, ObjectContent.segments(v, offset, length));
    }

    /** Where a transitioned version's content lives, and the state of its restore (as S3 shows archived objects). */
    private void tierHeaders(HttpHeaders out, S3Request req, ObjectVersion v) {
        TierState state = TierState.of(v);
        if (state == null) {
            return;
        }
        out.set("x-amz-storage-class", state.tier());
        if (ctx.tiering().restores().ongoing(req.bucket(), v)) {
            out.set("x-amz-restore", "ongoing-request=\"true\"");
        } else if (state.restoreExpiry() != null) {
            out.set("x-amz-restore", "ongoing-request=\"false\", expiry-date=\"" + S3Time.http(state.restoreExpiry())
                    + "\"");
        }
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
                        : new DefaultFileRegion(ctx.data().plainFile(s.dataId()).toFile(), s.offset(), s.length()));
            }
            req.response().sendPieces(body.head(), pieces);
        }
    }

    /**
     * Encrypted content, erasure-coded content and content on a remote tier cannot go out zero-copy: only the packages covering the range
     * are read (from the data files or from the tier), authenticated and decrypted when encrypted, and streamed in
     * bounded pieces. The first piece is read before the head is sent, so damage or a tier failure found there is an
     * error response; found later, it can only cut the connection. Either way it is logged and no unauthenticated
     * byte is ever sent.
     */
    private void sendStreamed(S3Request req, ObjectVersion v, EncryptionRecord rec, CustomerKey customerKey,
                              TierState remote, Body body) throws IOException {
        if (head) {
            req.response().sendHeadOnly(body.head());
            return;
        }
        PlainContent plain;
        Object first;
        try {
            SecretKey dataKey = rec == null ? null : ctx.keys().dataKey(rec, customerKey);
            plain = new PlainContent(remote == null ? StoredUnits.local(ctx.data()) : remoteUnits(req, v, remote), v,
                    dataKey, body.offset(), body.length());
            try {
                first = plain.nextToSend();
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        } catch (IntegrityException e) {
            logIntegrity(req, v, e);
            throw new S3Exception(S3Error.INTERNAL_ERROR);
        } catch (RemoteReadException e) {
            throw tierUnavailable(req, v, e.tier(), e.getMessage());
        }
        try {
            req.response().sendChunks(body.head(), new BodyChunks() {
                private Object pending = first;

                @Override
                public Object next() throws IOException {
                    Object b = pending;
                    pending = null;
                    return b != null ? b : plain.nextToSend();
                }

                @Override
                public void close() {
                    if (pending != null) {
                        BodyChunks.release(pending);
                        pending = null;
                    }
                    plain.close();
                }
            });
        } catch (IntegrityException e) {
            // The connection is already cut; the log line above is the one report (no stack trace: not a bug).
            logIntegrity(req, v, e);
            throw new S3Exception(S3Error.INTERNAL_ERROR);
        } catch (RemoteReadException e) {
            throw tierUnavailable(req, v, e.tier(), e.getMessage());
        }
    }

    private RemoteUnits remoteUnits(S3Request req, ObjectVersion v, TierState remote) {
        return ctx.tiering().tiers().find(remote.tier()).map(t -> new RemoteUnits(t, remote))
                .orElseThrow(() -> tierUnavailable(req, v, remote.tier(), "no such tier is defined"));
    }

    /** 503, so clients retry; one line in the log (a tier being down is an operational event, not a bug). */
    private static S3Exception tierUnavailable(S3Request req, ObjectVersion v, String tier, String why) {
        LOG.log(System.Logger.Level.WARNING, "reading {0}/{1} version {2} from remote tier {3} failed (request {4}): "
                + "{5}", req.bucket(), v.key(), v.versionId(), tier, req.requestId(), why);
        return new S3Exception(S3Error.SERVICE_UNAVAILABLE, "The storage tier holding this object is not reachable "
                + "at the moment. Please try again.");
    }

    private static void logIntegrity(S3Request req, ObjectVersion v, IntegrityException e) {
        LOG.log(System.Logger.Level.ERROR, "integrity check failed reading {0}/{1} version {2} (request {3}): {4}; "
                + "the stored data or its key record is damaged", req.bucket(), v.key(), v.versionId(),
                req.requestId(), e.getMessage());
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
