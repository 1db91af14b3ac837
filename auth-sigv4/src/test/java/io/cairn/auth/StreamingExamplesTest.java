package io.cairn.auth;

import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_TIME;
import static io.cairn.auth.Fixtures.ascii;
import static io.cairn.auth.Fixtures.authorizationV4;
import static io.cairn.auth.Fixtures.feed;
import static io.cairn.auth.Fixtures.repeat;
import static io.cairn.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The aws-chunked examples from the AWS documentation: "Transferring Payload in Multiple Chunks" and
 * "Including Trailing Headers". 66560 bytes of 'a' in chunks of 65536, 1024 and 0 bytes.
 */
class StreamingExamplesTest {
    static final String SIGNED_HEADERS = "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
            + "x-amz-decoded-content-length;x-amz-storage-class";
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String[] CHUNK_SIGNATURES = {
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
    /** The trailer example signs x-amz-trailer but not Content-Length. */
    static final String TRAILER_SIGNED_HEADERS = "content-encoding;host;x-amz-content-sha256;x-amz-date;"
            + "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer";
    static final String TRAILER_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
    static final String[] TRAILER_CHUNK_SIGNATURES = {
        "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
        "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
        "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"};
    static final String TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";
    static final byte[] CONTENT = repeat('a', 66560);

    private final RequestAuthenticator authenticator = Fixtures.authenticator(EXAMPLE_TIME);

    static SignableRequest streamingRequest() {
        return request("PUT", "/examplebucket/chunkObject.txt", "",
                "host", "s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "content-length", "66824",
                "authorization", authorizationV4(SIGNED_HEADERS, SEED));
    }

    static byte[] streamingBody() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("10000;chunk-signature=" + CHUNK_SIGNATURES[0] + "\r\n"));
        body.writeBytes(repeat('a', 65536));
        body.writeBytes(ascii("\r\n400;chunk-signature=" + CHUNK_SIGNATURES[1] + "\r\n"));
        body.writeBytes(repeat('a', 1024));
        body.writeBytes(ascii("\r\n0;chunk-signature=" + CHUNK_SIGNATURES[2] + "\r\n\r\n"));
        return body.toByteArray();
    }

    static SignableRequest trailerRequest() {
        return request("PUT", "/examplebucket/chunkObject.txt", "",
                "host", "s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                "content-encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560",
                "x-amz-trailer", "x-amz-checksum-crc32c",
                "content-length", "66824",
                "authorization", authorizationV4(TRAILER_SIGNED_HEADERS, TRAILER_SEED));
    }

    static byte[] trailerBody(String checksum, String trailerSignature) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("10000;chunk-signature=" + TRAILER_CHUNK_SIGNATURES[0] + "\r\n"));
        body.writeBytes(repeat('a', 65536));
        body.writeBytes(ascii("\r\n400;chunk-signature=" + TRAILER_CHUNK_SIGNATURES[1] + "\r\n"));
        body.writeBytes(repeat('a', 1024));
        body.writeBytes(ascii("\r\n0;chunk-signature=" + TRAILER_CHUNK_SIGNATURES[2] + "\r\n"));
        body.writeBytes(ascii("x-amz-checksum-crc32c:" + checksum + "\r\n"));
        body.writeBytes(ascii("x-amz-trailer-signature:" + trailerSignature + "\r\n\r\n"));
        return body.toByteArray();
    }

    @Test
    void seedSignature() throws AuthException {
        AuthContext auth = authenticator.authenticate(streamingRequest());

        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED);
        assertThat(auth.seedSignature()).isEqualTo(SEED);
        assertThat(auth.contentSha256()).isNull();
    }

    @Test
    void chunkedBody() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);

        byte[] decoded = feed(verifier, streamingBody(), 65536 + 200);
        PayloadResult result = verifier.finish();

        assertThat(verifier.declaredLength()).isEqualTo(66560);
        assertThat(decoded).isEqualTo(CONTENT);
        assertThat(result.length()).isEqualTo(66560);
        assertThat(result.md5()).isEqualTo(Fixtures.md5(CONTENT));
        assertThat(result.checksums()).isEmpty();
    }

    @Test
    void chunkedBodyByteByByte() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = streamingBody();
        int[] ones = new int[body.length];
        Arrays.fill(ones, 1);

        byte[] decoded = feed(verifier, body, ones);

        assertThat(decoded).isEqualTo(CONTENT);
        assertThat(verifier.finish().md5()).isEqualTo(Fixtures.md5(CONTENT));
    }

    @Test
    void chunkedBodyInRandomSplits() throws AuthException {
        Random random = new Random(42);
        byte[] body = streamingBody();
        for (int round = 0; round < 50; round++) {
            SignableRequest request = streamingRequest();
            PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
            int[] pieces = new int[random.nextInt(1, 40)];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = random.nextInt(0, 300) == 0 ? 0 : random.nextInt(1, round % 2 == 0 ? 200 : 20000);
            }

            byte[] decoded = feed(verifier, body, pieces);

            assertThat(decoded).isEqualTo(CONTENT);
            assertThat(verifier.finish().length()).isEqualTo(66560);
        }
    }

    @Test
    void chunkedBodyWithoutTheFinalCrlf() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = streamingBody();

        feed(verifier, Arrays.copyOf(body, body.length - 2));

        assertThat(verifier.finish().length()).isEqualTo(66560);
    }

    @Test
    void tamperedChunkData() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = streamingBody();
        body[70000 - 66560 + 100] = 'b';
        body[1000] = 'b';

        assertThatThrownBy(() -> feed(verifier, body))
                .isInstanceOf(AuthException.class)
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        // The failure sticks: the body can never be accepted afterwards.
        assertThatThrownBy(verifier::finish)
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void tamperedFinalChunkSignature() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = new String(streamingBody(), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(CHUNK_SIGNATURES[2], CHUNK_SIGNATURES[1])
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> feed(verifier, body))
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void chunksReplayedInAnotherOrderFailTheChain() throws AuthException {
        SignableRequest request = streamingRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("400;chunk-signature=" + CHUNK_SIGNATURES[1] + "\r\n"));
        body.writeBytes(repeat('a', 1024));
        body.writeBytes(ascii("\r\n"));

        assertThatThrownBy(() -> feed(verifier, body.toByteArray()))
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void truncatedChunkedBody() throws AuthException {
        for (int cut : new int[] {10, 90, 30000, 65626, 66700, 66820}) {
            SignableRequest request = streamingRequest();
            PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);

            feed(verifier, Arrays.copyOf(streamingBody(), cut));

            assertThatThrownBy(verifier::finish)
                    .as("cut at %d", cut)
                    .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.INCOMPLETE_BODY);
        }
    }

    @Test
    void trailerSeedSignature() throws AuthException {
        AuthContext auth = authenticator.authenticate(trailerRequest());

        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.STREAMING_SIGNED_TRAILER);
        assertThat(auth.seedSignature()).isEqualTo(TRAILER_SEED);
    }

    @Test
    void trailerBodyWithChecksum() throws AuthException {
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);

        byte[] decoded = feed(verifier, trailerBody("sOO8/Q==", TRAILER_SIGNATURE), 100, 65536, 1000);
        PayloadResult result = verifier.finish();

        CRC32C crc = new CRC32C();
        crc.update(CONTENT);
        assertThat(decoded).isEqualTo(CONTENT);
        assertThat(result.checksums()).isEqualTo(Map.of(ChecksumAlgorithm.CRC32C, "sOO8/Q=="));
        assertThat(Base64.getDecoder().decode("sOO8/Q==")).isEqualTo(new byte[] {
            (byte) (crc.getValue() >>> 24), (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8),
            (byte) crc.getValue()});
    }

    @Test
    void trailerBodyByteByByte() throws AuthException {
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = trailerBody("sOO8/Q==", TRAILER_SIGNATURE);
        int[] ones = new int[body.length];
        Arrays.fill(ones, 1);

        assertThat(feed(verifier, body, ones)).isEqualTo(CONTENT);
        assertThat(verifier.finish().checksums()).containsEntry(ChecksumAlgorithm.CRC32C, "sOO8/Q==");
    }

    @Test
    void trailerWithABlankLineBeforeItAndNoFinalCrlf() throws AuthException {
        // Some clients put the CRLF of the empty final chunk before the trailer and end without one.
        String body = new String(trailerBody("sOO8/Q==", TRAILER_SIGNATURE), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(TRAILER_CHUNK_SIGNATURES[2] + "\r\n", TRAILER_CHUNK_SIGNATURES[2] + "\r\n\r\n");
        body = body.substring(0, body.length() - 4);
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);

        feed(verifier, body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(verifier.finish().checksums()).containsEntry(ChecksumAlgorithm.CRC32C, "sOO8/Q==");
    }

    @Test
    void tamperedTrailerSignature() throws AuthException {
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = trailerBody("sOO8/Q==", TRAILER_SIGNATURE.replace('d', 'e'));

        assertThatThrownBy(() -> {
            feed(verifier, body);
            verifier.finish();
        }).extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void trailerChecksumChangedInTransitBreaksTheTrailerSignature() throws AuthException {
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        byte[] body = trailerBody("AAAAAA==", TRAILER_SIGNATURE);

        assertThatThrownBy(() -> {
            feed(verifier, body);
            verifier.finish();
        }).extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void missingTrailerSignature() throws AuthException {
        SignableRequest request = trailerRequest();
        PayloadVerifier verifier = PayloadVerifier.forRequest(authenticator.authenticate(request), request);
        String body = new String(trailerBody("sOO8/Q==", TRAILER_SIGNATURE), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("x-amz-trailer-signature:" + TRAILER_SIGNATURE + "\r\n", "");

        assertThatThrownBy(() -> {
            feed(verifier, body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            verifier.finish();
        }).extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.MALFORMED_TRAILER);
    }
}
