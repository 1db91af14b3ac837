package io.cairn.conformance;

import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request built by hand and signed with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}), then sent
 * over a raw socket by {@link RawHttp}: what the SDK's clients cannot be made to send (another Host, an unsigned
 * streaming trailer over plain http, a skewed clock, a tampered chunk) still carries a genuine signature.
 */
final class RawRequest {
    private final int port;
    private final String method;
    private final String encodedPath;
    private final Map<String, String> rawQuery = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String host = "127.0.0.1";
    private byte[] body;
    private boolean sign = true;
    private boolean payloadSigning = true;
    private boolean chunked;
    private ChecksumAlgorithm trailerChecksum;
    private Clock clock = Clock.systemUTC();
    private String accessKey = CairnTestServer.ACCESS_KEY;
    private String secretKey = CairnTestServer.SECRET_KEY;
    private String literalPayloadHash;

    private RawRequest(int port, String method, String encodedPath) {
        this.port = port;
        this.method = method;
        this.encodedPath = encodedPath;
    }

    /** @param encodedPath the path exactly as it goes on the wire (already percent-encoded) */
    static RawRequest of(int port, String method, String encodedPath) {
        return new RawRequest(port, method, encodedPath);
    }

    /** A query parameter, name and value not encoded (they are percent-encoded on the wire); null: a bare name. */
    RawRequest query(String name, String value) {
        rawQuery.put(name, value);
        return this;
    }

    RawRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The host name signed and sent in the Host header (the connection still goes to 127.0.0.1). */
    RawRequest host(String host) {
        this.host = host;
        return this;
    }

    RawRequest body(byte[] body) {
        this.body = body;
        return this;
    }

    RawRequest unsigned() {
        this.sign = false;
        return this;
    }

    /** x-amz-content-sha256: UNSIGNED-PAYLOAD (or STREAMING-UNSIGNED-PAYLOAD-TRAILER when chunked). */
    RawRequest unsignedPayload() {
        this.payloadSigning = false;
        return this;
    }

    /** An aws-chunked body; with a trailer checksum when {@code trailer} is not null. */
    RawRequest chunked(ChecksumAlgorithm trailer) {
        this.chunked = true;
        this.trailerChecksum = trailer;
        return this;
    }

    /**
     * Signs with this exact x-amz-content-sha256 value (e.g. a wrong hash, or a streaming mode whose body is framed
     * by hand). The SDK's signer always computes its own, so this uses the minimal SigV4 signer below.
     */
    RawRequest contentSha256(String value) {
        this.literalPayloadHash = value;
        return this;
    }

    RawRequest clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    RawRequest credentials(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        return this;
    }

    record Prepared(int port, SdkHttpRequest request, byte[] head, byte[] body) {
        RawHttp.Response send() {
            return RawHttp.send(port, head, body);
        }

        String header(String name) {
            return request.firstMatchingHeader(name).orElse(null);
        }
    }

    Prepared prepare() {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                // The signer leaves the payload unsigned only over https; the protocol is not part of the
                // signature, so the request still goes over the plain socket.
                .protocol(payloadSigning ? "http" : "https")
                .host(host)
                .port(port)
                .encodedPath(encodedPath);
        rawQuery.forEach((k, v) -> b.appendRawQueryParameter(k, v));
        headers.forEach(b::appendHeader);
        if (body != null && !headers.containsKey("Content-Length")) {
            b.putHeader("Content-Length", Integer.toString(body.length));
        }
        SdkHttpRequest request = b.build();
        byte[] payload = body;
        if (sign && literalPayloadHash != null) {
            SdkHttpRequest signedRequest = signManually(request, literalPayloadHash, accessKey, secretKey, clock);
            return new Prepared(port, signedRequest, headOf(signedRequest), payload);
        }
        if (sign) {
            ContentStreamProvider provider = body == null ? null : ContentStreamProvider.fromByteArray(body);
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
                r.identity(AwsCredentialsIdentity.create(accessKey, secretKey))
                        .request(request)
                        .payload(provider)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock);
                if (trailerChecksum != null) {
                    r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, trailerChecksum);
                }
            });
            SdkHttpRequest signedRequest = signed.request();
            payload = signed.payload().map(RawRequest::readAll).orElse(body);
            if (chunked && payload != null) {
                signedRequest = signedRequest.toBuilder()
                        .putHeader("Content-Length", Integer.toString(payload.length)).build();
            }
            return new Prepared(port, signedRequest, headOf(signedRequest), payload);
        }
        return new Prepared(port, request, headOf(request), payload);
    }

    RawHttp.Response send() {
        return prepare().send();
    }

    private static byte[] headOf(SdkHttpRequest r) {
        // Not through getUri(): a deliberately malformed path would not parse as a java.net.URI.
        StringBuilder target = new StringBuilder(r.encodedPath().isEmpty() ? "/" : r.encodedPath());
        char sep = '?';
        for (Map.Entry<String, List<String>> q : r.rawQueryParameters().entrySet()) {
            for (String v : q.getValue()) {
                target.append(sep).append(SdkHttpUtils.urlEncode(q.getKey()));
                if (v != null) {
                    target.append('=').append(SdkHttpUtils.urlEncode(v));
                }
                sep = '&';
            }
        }
        Map<String, String> h = new LinkedHashMap<>();
        boolean hasHost = r.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Host"));
        if (!hasHost) {
            h.put("Host", r.host() + ":" + r.port());
        }
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            h.put(e.getKey(), String.join(",", e.getValue()));
        }
        return RawHttp.head(r.method().name(), target.toString(), h);
    }

    /** SigV4 of the AWS documentation, for S3 (no path normalisation, no double encoding). */
    static SdkHttpRequest signManually(SdkHttpRequest request, String payloadHash, String accessKey,
                                       String secretKey, Clock clock) {
        String amzDate = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(clock.instant());
        String date = amzDate.substring(0, 8);
        String hostHeader = request.host() + (request.port() == 80 || request.port() == 443 ? ""
                : ":" + request.port());
        SdkHttpRequest.Builder b = request.toBuilder()
                .putHeader("Host", hostHeader)
                .putHeader("x-amz-date", amzDate)
                .putHeader("x-amz-content-sha256", payloadHash);
        java.util.TreeMap<String, String> canonicalHeaders = new java.util.TreeMap<>();
        b.build().forEachHeader((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("user-agent")) {
                canonicalHeaders.put(lower, String.join(",", values).strip().replaceAll(" +", " "));
            }
        });
        java.util.List<String> query = new java.util.ArrayList<>();
        b.build().forEachRawQueryParameter((name, values) -> values.forEach(v ->
                query.add(encode(name) + "=" + (v == null ? "" : encode(v)))));
        java.util.Collections.sort(query);
        StringBuilder canonical = new StringBuilder()
                .append(request.method().name()).append('\n')
                .append(request.encodedPath()).append('\n')
                .append(String.join("&", query)).append('\n');
        canonicalHeaders.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonicalHeaders.keySet());
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = date + "/us-east-1/s3/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + java.util.HexFormat.of().formatHex(sha256(canonical.toString()));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(java.nio.charset.StandardCharsets.UTF_8), date);
        key = hmac(key, "us-east-1");
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        String signature = java.util.HexFormat.of().formatHex(hmac(key, stringToSign));
        return b.putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature).build();
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX. */
    private static String encode(String raw) {
        StringBuilder sb = new StringBuilder();
        for (byte c : raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return sb.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(ContentStreamProvider p) {
        try (InputStream in = p.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
