package io.cairn.server.handlers;

import io.cairn.auth.AuthException;
import io.cairn.auth.PayloadResult;
import io.cairn.auth.PayloadVerifier;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.buffer.ByteBuf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/** Reading request bodies through the payload verifier: streamed for data, aggregated (capped) for XML. */
final class RequestBodies {
    private RequestBodies() {
    }

    static PayloadVerifier verifier(S3Request request) {
        try {
            return PayloadVerifier.forRequest(request.auth(), request.signable());
        } catch (AuthException e) {
            throw S3Exception.from(e);
        }
    }

    /** Streams the whole body through {@code verifier} into {@code sink}; nothing is held beyond one buffer. */
    static PayloadResult stream(S3Request request, PayloadVerifier verifier, Consumer<ByteBuffer> sink) {
        try {
            ByteBuf buf;
            while ((buf = request.body().next()) != null) {
                try {
                    if (buf.nioBufferCount() == 1) {
                        verifier.update(buf.nioBuffer(), sink);
                    } else {
                        for (ByteBuffer b : buf.nioBuffers()) {
                            verifier.update(b, sink);
                        }
                    }
                } finally {
                    buf.release();
                }
            }
            return verifier.finish();
        } catch (AuthException e) {
            throw S3Exception.from(e);
        }
    }

    /** A small control body (XML), verified like any other; larger than {@code max} is refused. */
    static byte[] readSmall(S3Request request, int max) {
        PayloadVerifier verifier = verifier(request);
        if (verifier.declaredLength() > max) {
            throw new S3Exception("MaxMessageLengthExceeded", 400, "Your request was too big.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream(request, verifier, b -> {
            if (out.size() + b.remaining() > max) {
                throw new S3Exception("MaxMessageLengthExceeded", 400, "Your request was too big.");
            }
            if (b.hasArray()) {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
            } else {
                byte[] tmp = new byte[b.remaining()];
                b.get(tmp);
                out.write(tmp, 0, tmp.length);
            }
        });
        return out.toByteArray();
    }

    /** DeleteObjects and the bucket configurations S3 protects this way need Content-MD5 or a checksum. */
    static void requireIntegrityHeader(S3Request req) {
        if (req.header("content-md5") != null || req.header("x-amz-sdk-checksum-algorithm") != null
                || req.header("x-amz-trailer") != null) {
            return;
        }
        for (Map.Entry<String, String> h : req.headers()) {
            if (h.getKey().regionMatches(true, 0, "x-amz-checksum-", 0, 15)) {
                return;
            }
        }
        throw new S3Exception(S3Error.INVALID_REQUEST,
                "Missing required header for this request: Content-MD5 or x-amz-checksum-*");
    }

    static void requireContentLength(S3Request request) {
        if (request.auth().payloadMode().chunked()) {
            if (request.header("x-amz-decoded-content-length") == null) {
                throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
            }
            return;
        }
        if (request.header("content-length") == null) {
            throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
        }
    }
}
