package io.cairn.bench.s3;

import io.cairn.auth.RequestSigner;
import io.cairn.bench.http.Connection;
import io.cairn.bench.http.Response;
import io.cairn.bench.stats.ErrorKeys;
import io.cairn.bench.stats.Meter;
import io.cairn.bench.stats.Op;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * S3 requests over a {@link Connection}, path-style, signed with SigV4 and UNSIGNED-PAYLOAD (the generator
 * never hashes a body; the server still computes its MD5). Every request is timed and reported to the
 * {@link Meter}: success with latency and bytes, or an error by status and S3 code. A non-2xx response still
 * completes normally (callers look at {@link Response#ok()}); a transport failure completes exceptionally.
 */
public final class S3Client {
    private static final String UNSIGNED = RequestSigner.UNSIGNED_PAYLOAD;
    /** Keep nothing of a successful response's body (GET data is only counted). */
    private static final int NONE = 0;
    /** Keep all of it (listings whose keys are needed, upload ids). */
    public static final int ALL = Integer.MAX_VALUE;
    /** Headers the generator writes itself are known to be valid; checking them per request is waste. */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
            .withValidation(false);

    private final String host;
    private final RequestSigner signer;
    private final Meter meter;
    private final Payload payload;
    private final AmzDateClock clock = new AmzDateClock();

    public S3Client(String hostHeader, RequestSigner signer, Meter meter, Payload payload) {
        this.host = hostHeader;
        this.signer = signer;
        this.meter = meter;
        this.payload = payload;
    }

    public Meter meter() {
        return meter;
    }

    public CompletableFuture<Response> createBucket(Connection c, String bucket) {
        return send(c, Op.CREATE_BUCKET, HttpMethod.PUT, bucket, null, "", Unpooled.EMPTY_BUFFER, NONE, null);
    }

    public CompletableFuture<Response> deleteBucket(Connection c, String bucket) {
        return send(c, Op.DELETE_BUCKET, HttpMethod.DELETE, bucket, null, "", Unpooled.EMPTY_BUFFER, NONE, null);
    }

    /** A PUT of {@code size} bytes from the shared payload. */
    public CompletableFuture<Response> putObject(Connection c, String bucket, String key, long size,
                                                 RandomGenerator random) {
        return send(c, Op.PUT, HttpMethod.PUT, bucket, key, "", payload.slice(size, random), NONE, null);
    }

    public CompletableFuture<Response> getObject(Connection c, String bucket, String key) {
        return send(c, Op.GET, HttpMethod.GET, bucket, key, "", Unpooled.EMPTY_BUFFER, NONE, null);
    }

    public CompletableFuture<Response> headObject(Connection c, String bucket, String key) {
        return send(c, Op.STAT, HttpMethod.HEAD, bucket, key, "", Unpooled.EMPTY_BUFFER, NONE, null);
    }

    public CompletableFuture<Response> deleteObject(Connection c, String bucket, String key) {
        return send(c, Op.DELETE, HttpMethod.DELETE, bucket, key, "", Unpooled.EMPTY_BUFFER, NONE, null);
    }

    /**
     * ListObjectsV2; {@code startAfter} and {@code continuationToken} may be null. {@code keepBytes} of the body
     * are kept: {@link #ALL} to read the keys, a little to read only the head of the document (KeyCount).
     */
    public CompletableFuture<Response> listObjects(Connection c, String bucket, String prefix, String startAfter,
                                                   String continuationToken, int maxKeys, int keepBytes) {
        StringBuilder q = new StringBuilder("list-type=2&max-keys=").append(maxKeys)
                .append("&prefix=").append(RequestSigner.encodeComponent(prefix));
        if (startAfter != null) {
            q.append("&start-after=").append(RequestSigner.encodeComponent(startAfter));
        }
        if (continuationToken != null) {
            q.append("&continuation-token=").append(RequestSigner.encodeComponent(continuationToken));
        }
        return send(c, Op.LIST, HttpMethod.GET, bucket, null, q.toString(), Unpooled.EMPTY_BUFFER, keepBytes, null);
    }

    public CompletableFuture<Response> createMultipartUpload(Connection c, String bucket, String key) {
        return send(c, Op.MPU_CREATE, HttpMethod.POST, bucket, key, "uploads", Unpooled.EMPTY_BUFFER, ALL, null);
    }

    public CompletableFuture<Response> uploadPart(Connection c, String bucket, String key, String uploadId,
                                                  int partNumber, long size, RandomGenerator random) {
        return send(c, Op.MPU_PART, HttpMethod.PUT, bucket, key, "partNumber=" + partNumber + "&uploadId="
                + RequestSigner.encodeComponent(uploadId), payload.slice(size, random), NONE, null);
    }

    /** {@code etags} in part order, part numbers 1..n, as the parts' responses gave them. */
    public CompletableFuture<Response> completeMultipartUpload(Connection c, String bucket, String key,
                                                               String uploadId, List<String> etags) {
        StringBuilder xml = new StringBuilder(64 + etags.size() * 80).append("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.size(); i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>")
                    .append(Xml.escape(etags.get(i))).append("</ETag></Part>");
        }
        xml.append("</CompleteMultipartUpload>");
        return send(c, Op.MPU_COMPLETE, HttpMethod.POST, bucket, key,
                "uploadId=" + RequestSigner.encodeComponent(uploadId),
                Unpooled.wrappedBuffer(xml.toString().getBytes(StandardCharsets.UTF_8)), ALL, null);
    }

    public CompletableFuture<Response> abortMultipartUpload(Connection c, String bucket, String key,
                                                            String uploadId) {
        return send(c, Op.MPU_ABORT, HttpMethod.DELETE, bucket, key,
                "uploadId=" + RequestSigner.encodeComponent(uploadId), Unpooled.EMPTY_BUFFER, NONE, null);
    }

    /** ListMultipartUploads from the given markers (null for the start). The body is kept. */
    public CompletableFuture<Response> listUploads(Connection c, String bucket, String prefix, String keyMarker,
                                                   String uploadIdMarker) {
        StringBuilder q = new StringBuilder("uploads&prefix=").append(RequestSigner.encodeComponent(prefix));
        if (keyMarker != null) {
            q.append("&key-marker=").append(RequestSigner.encodeComponent(keyMarker));
        }
        if (uploadIdMarker != null) {
            q.append("&upload-id-marker=").append(RequestSigner.encodeComponent(uploadIdMarker));
        }
        return send(c, Op.LIST_UPLOADS, HttpMethod.GET, bucket, null, q.toString(), Unpooled.EMPTY_BUFFER, ALL,
                null);
    }

    /** DeleteObjects (quiet) of up to 1000 keys; the body is kept so per-key errors can be read. */
    public CompletableFuture<Response> deleteObjects(Connection c, String bucket, List<String> keys) {
        StringBuilder xml = new StringBuilder(64 + keys.size() * 64).append("<Delete><Quiet>true</Quiet>");
        for (String key : keys) {
            xml.append("<Object><Key>").append(Xml.escape(key)).append("</Key></Object>");
        }
        byte[] body = xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
        return send(c, Op.DELETE_OBJECTS, HttpMethod.POST, bucket, null, "delete", Unpooled.wrappedBuffer(body),
                ALL, Base64.getEncoder().encodeToString(md5(body)));
    }

    private CompletableFuture<Response> send(Connection c, Op op, HttpMethod method, String bucket, String key,
                                             String rawQuery, ByteBuf body, int keepBytes, String contentMd5) {
        String path = key == null ? "/" + bucket : "/" + bucket + "/" + RequestSigner.encodePath(key);
        String amzDate = clock.now();
        String authorization = signer.authorization(method.name(), path, rawQuery, Map.of(
                "host", List.of(host),
                "x-amz-content-sha256", List.of(UNSIGNED),
                "x-amz-date", List.of(amzDate)), UNSIGNED);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                rawQuery.isEmpty() ? path : path + "?" + rawQuery, body, HEADERS, TRAILERS);
        HttpHeaders headers = request.headers();
        headers.set(HttpHeaderNames.HOST, host)
                .set("x-amz-date", amzDate)
                .set("x-amz-content-sha256", UNSIGNED)
                .set(HttpHeaderNames.AUTHORIZATION, authorization);
        long sent = body.readableBytes();
        if (sent > 0 || method == HttpMethod.PUT || method == HttpMethod.POST) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, sent);
        }
        if (contentMd5 != null) {
            headers.set("content-md5", contentMd5);
        }
        long start = System.nanoTime();
        return c.send(request, keepBytes).handle((response, failure) -> {
            long latency = System.nanoTime() - start;
            if (failure != null) {
                meter.error(op, ErrorKeys.of(failure));
                throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
            }
            if (response.ok()) {
                meter.success(op, latency, sent + response.bodyBytes());
            } else {
                meter.error(op, ErrorKeys.of(response));
            }
            return response;
        });
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
