package io.cairn.auth;

import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_SCOPE;
import static io.cairn.auth.Fixtures.ascii;
import static io.cairn.auth.Fixtures.chunkedBody;
import static io.cairn.auth.Fixtures.feed;
import static io.cairn.auth.Fixtures.hex;
import static io.cairn.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PayloadVerifierTest {
    private static final byte[] BODY = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    private static final String BODY_MD5 = Base64.getEncoder().encodeToString(Fixtures.md5(BODY));
    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

    private static AuthContext unsigned() {
        return new AuthContext("AKID", AuthType.HEADER_V4, PayloadMode.UNSIGNED, null, null, null, null, null);
    }

    private static AuthContext signedBody(byte[] body) {
        return new AuthContext("AKID", AuthType.HEADER_V4, PayloadMode.SIGNED, hex(Fixtures.sha256(body)), null,
                null, null, null);
    }

    private static AuthContext streaming(PayloadMode mode) {
        return new AuthContext("AKID", AuthType.HEADER_V4, mode, null, Fixtures.signingKey(), SEED,
                EXAMPLE_AMZ_DATE, EXAMPLE_SCOPE);
    }

    private static String base64(ChecksumAlgorithm algorithm, byte[] data) {
        return Checksums.base64(algorithm, ByteBuffer.wrap(data));
    }

    private static AuthError errorOf(Executable call) {
        try {
            call.execute();
        } catch (AuthException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.error();
        } catch (Throwable e) {
            throw new AssertionError("unexpected " + e, e);
        }
        throw new AssertionError("no AuthException");
    }

    private static PayloadResult readAll(AuthContext auth, SignableRequest request, byte[] wire) throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(auth, request);
        feed(verifier, wire, 5, 17);
        return verifier.finish();
    }

    @Test
    void plainBodyPassesThroughWithoutCopying() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "content-length", String.valueOf(BODY.length)));
        ByteBuffer wire = ByteBuffer.wrap(BODY);
        List<ByteBuffer> seen = new ArrayList<>();

        verifier.update(wire, b -> {
            seen.add(b);
            assertThat(b.hasArray()).isTrue();
            assertThat(b.array()).isSameAs(BODY);
            assertThat(b.remaining()).isEqualTo(BODY.length);
        });
        PayloadResult result = verifier.finish();

        assertThat(seen).hasSize(1);
        assertThat(wire.hasRemaining()).isFalse();
        assertThat(result.length()).isEqualTo(BODY.length);
        assertThat(result.md5()).isEqualTo(Fixtures.md5(BODY));
        assertThat(result.checksums()).isEmpty();
        assertThat(verifier.declaredLength()).isEqualTo(BODY.length);
    }

    @Test
    void directBuffers() throws AuthException {
        SignableRequest request = request("PUT", "/b/k", "", "x-amz-checksum-crc64nvme",
                base64(ChecksumAlgorithm.CRC64NVME, BODY), "content-md5", BODY_MD5);
        PayloadVerifier verifier = PayloadVerifier.forRequest(signedBody(BODY), request);
        ByteBuffer direct = ByteBuffer.allocateDirect(BODY.length);
        direct.put(BODY).flip();
        byte[] seen = new byte[BODY.length];

        verifier.update(direct, b -> b.get(seen));
        PayloadResult result = verifier.finish();

        assertThat(seen).isEqualTo(BODY);
        assertThat(result.checksums()).containsEntry(ChecksumAlgorithm.CRC64NVME,
                base64(ChecksumAlgorithm.CRC64NVME, BODY));
        assertThat(verifier.declaredLength()).isEqualTo(-1);
    }

    @Test
    void signedBodyHash() throws AuthException {
        SignableRequest request = request("PUT", "/b/k", "");

        assertThat(readAll(signedBody(BODY), request, BODY).length()).isEqualTo(BODY.length);
        byte[] other = BODY.clone();
        other[3] ^= 1;
        assertThat(errorOf(() -> readAll(signedBody(BODY), request, other)))
                .isEqualTo(AuthError.CONTENT_SHA256_MISMATCH);
    }

    @Test
    void contentMd5() throws AuthException {
        assertThat(readAll(unsigned(), request("PUT", "/b/k", "", "content-md5", BODY_MD5), BODY).md5())
                .isEqualTo(Fixtures.md5(BODY));

        String wrong = Base64.getEncoder().encodeToString(Fixtures.md5(ascii("other")));
        assertThatThrownBy(() -> readAll(unsigned(), request("PUT", "/b/k", "", "content-md5", wrong), BODY))
                .hasMessage("The Content-MD5 you specified did not match what we received.")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.BAD_DIGEST);
    }

    @Test
    void invalidContentMd5() {
        for (String value : List.of("", "abc", "!!!!", Base64.getEncoder().encodeToString(new byte[15]),
                Base64.getEncoder().encodeToString(new byte[17]))) {
            assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(),
                    request("PUT", "/b/k", "", "content-md5", value)))).as(value).isEqualTo(AuthError.INVALID_DIGEST);
        }
    }

    @Test
    void everyChecksumHeader() throws AuthException {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String value = base64(algorithm, BODY);
            SignableRequest request = request("PUT", "/b/k", "", algorithm.headerName(), value);

            PayloadResult result = readAll(unsigned(), request, BODY);

            assertThat(result.checksums()).isEqualTo(Map.of(algorithm, value));
        }
    }

    @Test
    void wrongChecksumHeader() {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String value = base64(algorithm, ascii("something else"));
            SignableRequest request = request("PUT", "/b/k", "", algorithm.headerName(), value);

            assertThatThrownBy(() -> readAll(unsigned(), request, BODY))
                    .hasMessage("The " + algorithm.name() + " you specified did not match the calculated checksum.")
                    .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.BAD_DIGEST);
        }
    }

    @Test
    void invalidChecksumHeaderValues() {
        assertThatThrownBy(() -> PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "x-amz-checksum-crc32", "AAAAAAAA")))
                .hasMessage("Value for x-amz-checksum-crc32 header is invalid.")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.INVALID_REQUEST);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "x-amz-checksum-sha256", "not base64"))))
                .isEqualTo(AuthError.INVALID_REQUEST);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "x-amz-checksum-crc64nvme", base64(ChecksumAlgorithm.CRC32, BODY)))))
                .isEqualTo(AuthError.INVALID_REQUEST);
    }

    @Test
    void moreThanOneChecksum() {
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(), request("PUT", "/b/k", "",
                "x-amz-checksum-crc32", base64(ChecksumAlgorithm.CRC32, BODY),
                "x-amz-checksum-sha1", base64(ChecksumAlgorithm.SHA1, BODY)))))
                .isEqualTo(AuthError.INVALID_REQUEST);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                request("PUT", "/b/k", "", "x-amz-checksum-crc32", base64(ChecksumAlgorithm.CRC32, BODY),
                        "x-amz-trailer", "x-amz-checksum-crc32c"))))
                .isEqualTo(AuthError.INVALID_REQUEST);
    }

    @Test
    void sdkChecksumAlgorithmAloneIsComputed() throws AuthException {
        PayloadResult result = readAll(unsigned(),
                request("PUT", "/b/k", "", "x-amz-sdk-checksum-algorithm", "crc32c"), BODY);

        assertThat(result.checksums()).isEqualTo(Map.of(ChecksumAlgorithm.CRC32C,
                base64(ChecksumAlgorithm.CRC32C, BODY)));
    }

    @Test
    void sdkChecksumAlgorithmMustAgree() {
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(), request("PUT", "/b/k", "",
                "x-amz-sdk-checksum-algorithm", "SHA256",
                "x-amz-checksum-crc32", base64(ChecksumAlgorithm.CRC32, BODY)))))
                .isEqualTo(AuthError.INVALID_REQUEST);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(), request("PUT", "/b/k", "",
                "x-amz-sdk-checksum-algorithm", "MD5")))).isEqualTo(AuthError.INVALID_REQUEST);
    }

    @Test
    void trailerNeedsAnAwsChunkedBody() {
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(), request("PUT", "/b/k", "",
                "x-amz-trailer", "x-amz-checksum-crc32")))).isEqualTo(AuthError.INVALID_REQUEST);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                request("PUT", "/b/k", "", "x-amz-trailer", "x-amz-meta-foo")))).isEqualTo(AuthError.INVALID_REQUEST);
    }

    @Test
    void contentLengthMismatch() throws AuthException {
        SignableRequest request = request("PUT", "/b/k", "", "content-length", String.valueOf(BODY.length + 1));
        assertThatThrownBy(() -> readAll(unsigned(), request, BODY))
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.INCOMPLETE_BODY);

        PayloadVerifier longer = PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "content-length", String.valueOf(BODY.length - 1)));
        assertThat(errorOf(() -> longer.update(ByteBuffer.wrap(BODY), b -> { })))
                .isEqualTo(AuthError.INCOMPLETE_BODY);
        assertThat(errorOf(() -> PayloadVerifier.forRequest(unsigned(),
                request("PUT", "/b/k", "", "content-length", "12x")))).isEqualTo(AuthError.INVALID_ARGUMENT);
    }

    @Test
    void emptyBody() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(signedBody(new byte[0]),
                request("PUT", "/b/k", "", "content-length", "0"));

        PayloadResult result = verifier.finish();

        assertThat(result.length()).isZero();
        assertThat(hex(result.md5())).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void finishTwiceIsAProgrammingError() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(unsigned(), request("PUT", "/b/k", ""));
        verifier.finish();

        assertThatThrownBy(verifier::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> verifier.update(ByteBuffer.allocate(1), b -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---- aws-chunked bodies built by the independent encoder in Fixtures ----

    private static SignableRequest chunkedRequest(int decodedLength, String... more) {
        List<String> headers = new ArrayList<>(List.of("content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", String.valueOf(decodedLength)));
        headers.addAll(List.of(more));
        return request("PUT", "/b/k", "", headers.toArray(String[]::new));
    }

    private static byte[] content(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    @Test
    void unsignedTrailerWithEveryAlgorithm() throws AuthException {
        byte[] data = content(70000);
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            String value = base64(algorithm, data);
            byte[] wire = chunkedBody(data, new int[] {65536, 4464}, null,
                    List.of(algorithm.headerName() + ":" + value), false);
            SignableRequest request = chunkedRequest(data.length, "x-amz-trailer", algorithm.headerName());
            PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                    request);

            byte[] decoded = feed(verifier, wire, 3, 9000, 1, 60000);
            PayloadResult result = verifier.finish();

            assertThat(decoded).isEqualTo(data);
            assertThat(result.checksums()).isEqualTo(Map.of(algorithm, value));
            assertThat(result.md5()).isEqualTo(Fixtures.md5(data));
        }
    }

    @Test
    void wrongTrailerChecksum() throws AuthException {
        byte[] data = content(1000);
        byte[] wire = chunkedBody(data, new int[] {1000}, null,
                List.of("x-amz-checksum-crc32:" + base64(ChecksumAlgorithm.CRC32, ascii("nope"))), false);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                chunkedRequest(1000, "x-amz-trailer", "x-amz-checksum-crc32"));
        feed(verifier, wire);

        assertThatThrownBy(verifier::finish)
                .hasMessage("The CRC32 you specified did not match the calculated checksum.")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.BAD_DIGEST);
    }

    @Test
    void signedChunksWithSignedTrailerInRandomSplits() throws AuthException {
        byte[] data = content(200_000);
        String crc = base64(ChecksumAlgorithm.CRC32, data);
        byte[] wire = chunkedBody(data, new int[] {65536, 65536, 65536, 3392}, SEED,
                List.of("x-amz-checksum-crc32:" + crc), true);
        Random random = new Random(3);
        for (int round = 0; round < 30; round++) {
            PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED_TRAILER),
                    chunkedRequest(data.length, "x-amz-trailer", "x-amz-checksum-crc32"));
            int[] pieces = random.ints(random.nextInt(1, 100), 1, 9000).toArray();

            byte[] decoded = feed(verifier, wire, pieces);
            PayloadResult result = verifier.finish();

            assertThat(decoded).isEqualTo(data);
            assertThat(result.checksums()).containsEntry(ChecksumAlgorithm.CRC32, crc);
        }
    }

    @Test
    void signedTrailerWithoutChecksum() throws AuthException {
        byte[] data = content(100);
        byte[] wire = chunkedBody(data, new int[] {100}, SEED, List.of(), true);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED_TRAILER),
                chunkedRequest(100));

        feed(verifier, wire);

        assertThat(verifier.finish().length()).isEqualTo(100);
    }

    @Test
    void decodedLengthMismatch() throws AuthException {
        byte[] data = content(1000);
        byte[] wire = chunkedBody(data, new int[] {1000}, SEED, null, false);

        PayloadVerifier shorter = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(999));
        assertThat(errorOf(() -> feed(shorter, wire))).isEqualTo(AuthError.INCOMPLETE_BODY);

        PayloadVerifier longer = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(1001));
        feed(longer, wire);
        assertThatThrownBy(longer::finish)
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.INCOMPLETE_BODY);
    }

    @Test
    void garbageChunkSize() throws AuthException {
        for (String header : List.of("xyz;chunk-signature=00\r\n", ";chunk-signature=00\r\n",
                "10000000000000000;chunk-signature=00\r\n", "\r\n")) {
            PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                    chunkedRequest(10));
            assertThat(errorOf(() -> feed(verifier, ascii(header)))).as(header)
                    .isEqualTo(AuthError.INVALID_CHUNK_SIZE);
        }
    }

    @Test
    void chunkHeaderLineIsCapped() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(10));
        byte[] endless = new byte[AwsChunkedDecoder.MAX_LINE + 10];
        Arrays.fill(endless, (byte) '1');

        assertThat(errorOf(() -> feed(verifier, endless))).isEqualTo(AuthError.INVALID_CHUNK_SIZE);
    }

    @Test
    void signedChunkWithoutSignature() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(3));

        assertThat(errorOf(() -> feed(verifier, ascii("3\r\nabc\r\n0\r\n\r\n"))))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void chunkLongerThanItsSize() throws AuthException {
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                chunkedRequest(10));

        assertThat(errorOf(() -> feed(verifier, ascii("9\r\nabcdefghij\r\n0\r\n\r\n"))))
                .isEqualTo(AuthError.INCOMPLETE_BODY);
    }

    @Test
    void undeclaredChecksumTrailer() throws AuthException {
        byte[] data = content(10);
        byte[] wire = chunkedBody(data, new int[] {10}, null,
                List.of("x-amz-checksum-sha1:" + base64(ChecksumAlgorithm.SHA1, data)), false);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                chunkedRequest(10));
        feed(verifier, wire);

        assertThat(errorOf(verifier::finish)).isEqualTo(AuthError.MALFORMED_TRAILER);
    }

    @Test
    void missingDeclaredTrailer() throws AuthException {
        byte[] data = content(10);
        byte[] wire = chunkedBody(data, new int[] {10}, null, List.of(), false);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                chunkedRequest(10, "x-amz-trailer", "x-amz-checksum-crc32"));
        feed(verifier, wire);

        assertThat(errorOf(verifier::finish)).isEqualTo(AuthError.MALFORMED_TRAILER);
    }

    @Test
    void malformedTrailerLine() throws AuthException {
        byte[] data = content(10);
        byte[] wire = chunkedBody(data, new int[] {10}, null, List.of("no colon here"), false);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_UNSIGNED_TRAILER),
                chunkedRequest(10, "x-amz-trailer", "x-amz-checksum-crc32"));

        assertThat(errorOf(() -> feed(verifier, wire))).isEqualTo(AuthError.MALFORMED_TRAILER);
    }

    @Test
    void dataAfterTheEnd() throws AuthException {
        byte[] data = content(10);
        byte[] wire = chunkedBody(data, new int[] {10}, SEED, null, false);
        byte[] longer = Arrays.copyOf(wire, wire.length + 3);
        longer[wire.length] = 'x';
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(10));

        assertThat(errorOf(() -> feed(verifier, longer))).isEqualTo(AuthError.INCOMPLETE_BODY);
    }

    @Test
    void trailingLineBreaksAfterTheEndAreTolerated() throws AuthException {
        byte[] data = content(10);
        byte[] wire = chunkedBody(data, new int[] {10}, SEED, null, false);
        byte[] longer = Arrays.copyOf(wire, wire.length + 2);
        longer[wire.length] = '\r';
        longer[wire.length + 1] = '\n';
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(10));

        feed(verifier, longer);

        assertThat(verifier.finish().length()).isEqualTo(10);
    }

    @Test
    void chunkedContentMd5AppliesToTheDecodedContent() throws AuthException {
        byte[] data = content(5000);
        byte[] wire = chunkedBody(data, new int[] {4096, 904}, SEED, null, false);
        String md5 = Base64.getEncoder().encodeToString(Fixtures.md5(data));

        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(5000, "content-md5", md5));
        feed(verifier, wire, 100);
        assertThat(verifier.finish().md5()).isEqualTo(Fixtures.md5(data));

        PayloadVerifier wrong = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(5000, "content-md5", BODY_MD5));
        feed(wrong, wire);
        assertThat(errorOf(wrong::finish)).isEqualTo(AuthError.BAD_DIGEST);
    }

    @Test
    void chunkDataReachesTheSinkAsSlicesOfTheWireBuffer() throws AuthException {
        byte[] data = content(3000);
        byte[] wire = chunkedBody(data, new int[] {3000}, SEED, null, false);
        PayloadVerifier verifier = PayloadVerifier.forRequest(streaming(PayloadMode.STREAMING_SIGNED),
                chunkedRequest(3000));
        List<Integer> sizes = new ArrayList<>();

        verifier.update(ByteBuffer.wrap(wire), b -> {
            assertThat(b.array()).isSameAs(wire);
            sizes.add(b.remaining());
        });

        assertThat(sizes).containsExactly(3000);
        assertThat(verifier.finish().length()).isEqualTo(3000);
    }

    @Test
    void signedChunksNeedSigV4() {
        AuthContext v2 = new AuthContext("AKID", AuthType.HEADER_V2, PayloadMode.STREAMING_SIGNED, null, null, null,
                null, null);

        assertThat(errorOf(() -> PayloadVerifier.forRequest(v2, chunkedRequest(10))))
                .isEqualTo(AuthError.INVALID_REQUEST);
    }
}
