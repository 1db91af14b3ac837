package io.cairn.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The AWS documentation's example credentials, and independent helpers to build signed requests and bodies. */
final class Fixtures {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String REGION = "us-east-1";
    static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final String EXAMPLE_AMZ_DATE = "20130524T000000Z";
    static final String EXAMPLE_SCOPE = "20130524/us-east-1/s3/aws4_request";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private Fixtures() {
    }

    static CredentialProvider credentials() {
        return id -> ACCESS_KEY.equals(id) ? Optional.of(SECRET_KEY) : Optional.empty();
    }

    static RequestAuthenticator authenticator(Instant now) {
        return new RequestAuthenticator(credentials(), REGION, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A request; headers are name/value pairs, names lower-cased, a repeated name adding a value. */
    static SignableRequest request(String method, String rawPath, String rawQuery, String... headers) {
        return virtualHostRequest(null, method, rawPath, rawQuery, headers);
    }

    static SignableRequest virtualHostRequest(String bucket, String method, String rawPath, String rawQuery,
                                   String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i].toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                    .add(headers[i + 1]);
        }
        return new SignableRequest(method, rawPath, rawQuery, map, bucket);
    }

    static SignableRequest withHeader(SignableRequest request, String name, String value) {
        Map<String, List<String>> map = new LinkedHashMap<>(request.headers());
        map.put(name, List.of(value));
        return new SignableRequest(request.method(), request.rawPath(), request.rawQuery(), map,
                request.virtualHostBucket());
    }

    static SignableRequest withoutHeader(SignableRequest request, String name) {
        Map<String, List<String>> map = new LinkedHashMap<>(request.headers());
        map.remove(name);
        return new SignableRequest(request.method(), request.rawPath(), request.rawQuery(), map,
                request.virtualHostBucket());
    }

    static SignableRequest withQuery(SignableRequest request, String rawQuery) {
        return new SignableRequest(request.method(), request.rawPath(), rawQuery, request.headers(),
                request.virtualHostBucket());
    }

    static String authorizationV4(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/" + EXAMPLE_SCOPE + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** Signs a request with the example credentials at the example time, through the production canonicaliser. */
    static SignableRequest signV4(SignableRequest request, String signedHeaders) {
        String signature = signatureV4(request, signedHeaders, request.header("x-amz-content-sha256"), false);
        return withHeader(request, "authorization", authorizationV4(signedHeaders, signature));
    }

    static String signatureV4(SignableRequest request, String signedHeaders, String payloadHash, boolean presigned) {
        String canonical = SigV4Signer.canonicalRequest(request, List.of(signedHeaders.split(";")), payloadHash,
                presigned);
        String stringToSign = "AWS4-HMAC-SHA256\n" + EXAMPLE_AMZ_DATE + "\n" + EXAMPLE_SCOPE + "\n"
                + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        return hex(hmac(signingKey(), stringToSign));
    }

    static byte[] signingKey() {
        byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), "20130524");
        key = hmac(key, REGION);
        key = hmac(key, "s3");
        return hmac(key, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] repeat(char c, int n) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, (byte) c);
        return out;
    }

    /**
     * Builds an aws-chunked body, independently of the decoder. {@code previous} seeds the signature chain;
     * null builds unsigned chunks. {@code trailer} lines ("name:value") follow the final chunk; when
     * {@code signTrailer} their signature is appended.
     */
    static byte[] chunkedBody(byte[] data, int[] chunkSizes, String seed, List<String> trailer, boolean signTrailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = seed;
        int offset = 0;
        List<Integer> sizes = new ArrayList<>();
        for (int size : chunkSizes) {
            sizes.add(size);
        }
        sizes.add(0);
        for (int size : sizes) {
            byte[] chunk = java.util.Arrays.copyOfRange(data, offset, offset + size);
            offset += size;
            if (previous != null) {
                String signature = hex(hmac(signingKey(), "AWS4-HMAC-SHA256-PAYLOAD\n" + EXAMPLE_AMZ_DATE + "\n"
                        + EXAMPLE_SCOPE + "\n" + previous + "\n" + EMPTY_SHA256 + "\n" + hex(sha256(chunk))));
                out.writeBytes(ascii(Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n"));
                previous = signature;
            } else {
                out.writeBytes(ascii(Integer.toHexString(size) + "\r\n"));
            }
            if (size > 0) {
                out.writeBytes(chunk);
                out.writeBytes(ascii("\r\n"));
            }
        }
        if (trailer == null) {
            out.writeBytes(ascii("\r\n"));
            return out.toByteArray();
        }
        StringBuilder canonical = new StringBuilder();
        for (String line : trailer) {
            out.writeBytes(ascii(line + "\r\n"));
            canonical.append(line).append('\n');
        }
        if (signTrailer) {
            String signature = hex(hmac(signingKey(), "AWS4-HMAC-SHA256-TRAILER\n" + EXAMPLE_AMZ_DATE + "\n"
                    + EXAMPLE_SCOPE + "\n" + previous + "\n"
                    + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)))));
            out.writeBytes(ascii("x-amz-trailer-signature:" + signature + "\r\n"));
        }
        out.writeBytes(ascii("\r\n"));
        return out.toByteArray();
    }

    /** Feeds a body in pieces of the given sizes (the last piece takes the rest) and collects what decodes. */
    static byte[] feed(PayloadVerifier verifier, byte[] body, int... pieces) throws AuthException {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        Consumer<ByteBuffer> sink = b -> {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            decoded.writeBytes(copy);
        };
        int offset = 0;
        for (int piece : pieces) {
            int n = Math.min(piece, body.length - offset);
            ByteBuffer wire = ByteBuffer.wrap(body, offset, n);
            verifier.update(wire, sink);
            if (wire.hasRemaining()) {
                throw new AssertionError("update left bytes in the wire buffer");
            }
            offset += n;
        }
        if (offset < body.length) {
            ByteBuffer wire = ByteBuffer.wrap(body, offset, body.length - offset);
            verifier.update(wire, sink);
        }
        return decoded.toByteArray();
    }
}
