package io.cairn.auth;

import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_SCOPE;
import static io.cairn.auth.Fixtures.EXAMPLE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the answer is an S3 error (AuthException), never another exception. */
class RobustnessTest {
    private static final String ALPHABET = "AWS4-HMAC-SHA256 Credential=/,;=%&:+ \t?X-Amz-SignatureDateExpires"
            + "0123456789abcdefAKIAIOSFODNN7EXAMPLE20130524us-east-1s3aws4_requesthost\r\né";

    private static String garbage(Random random, int max) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(max);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    @Test
    void garbageRequestsOnlyEverFailWithAuthException() {
        Random random = new Random(1);
        RequestAuthenticator authenticator = Fixtures.authenticator(EXAMPLE_TIME);
        List<String> prefixes = List.of("", "AWS4-HMAC-SHA256 ", "AWS ", "AWS4-HMAC-SHA256 Credential=");
        for (int i = 0; i < 5000; i++) {
            String authorization = random.nextInt(3) == 0 ? null
                    : prefixes.get(random.nextInt(prefixes.size())) + garbage(random, 120);
            String query = random.nextBoolean() ? garbage(random, 80)
                    : "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + garbage(random, 60)
                    + "&X-Amz-Date=" + garbage(random, 20) + "&X-Amz-Expires=" + garbage(random, 8)
                    + "&X-Amz-SignedHeaders=" + garbage(random, 20) + "&X-Amz-Signature=" + garbage(random, 70);
            SignableRequest request = Fixtures.request("GET", "/" + garbage(random, 40), query,
                    "host", garbage(random, 20),
                    "x-amz-date", random.nextBoolean() ? EXAMPLE_AMZ_DATE : garbage(random, 20),
                    "date", garbage(random, 30),
                    "x-amz-content-sha256", random.nextBoolean() ? PayloadHash.UNSIGNED_PAYLOAD : garbage(random, 70),
                    "authorization", authorization == null ? "" : authorization);
            try {
                authenticator.authenticate(request);
            } catch (AuthException expected) {
                assertThat(expected.error()).isNotNull();
            }
        }
    }

    @Test
    void garbageBodiesOnlyEverFailWithAuthException() throws AuthException {
        Random random = new Random(2);
        byte[] valid = Fixtures.chunkedBody(new byte[300], new int[] {200, 100},
                "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
                List.of("x-amz-checksum-crc32:" + Checksums.base64(ChecksumAlgorithm.CRC32, ByteBuffer.allocate(300))),
                true);
        for (int i = 0; i < 3000; i++) {
            PayloadMode mode = PayloadMode.values()[random.nextInt(PayloadMode.values().length)];
            AuthContext auth = new AuthContext("AKID", AuthType.HEADER_V4, mode,
                    mode == PayloadMode.SIGNED ? Fixtures.EMPTY_SHA256 : null, Fixtures.signingKey(),
                    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", EXAMPLE_AMZ_DATE,
                    EXAMPLE_SCOPE);
            byte[] body = random.nextBoolean() ? valid.clone()
                    : garbage(random, 400).getBytes(StandardCharsets.UTF_8);
            if (body.length > 0 && random.nextBoolean()) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            SignableRequest request = Fixtures.request("PUT", "/b/k", "",
                    "x-amz-decoded-content-length", random.nextBoolean() ? "300" : garbage(random, 4),
                    "x-amz-trailer", random.nextBoolean() ? "x-amz-checksum-crc32" : garbage(random, 10));
            try {
                PayloadVerifier verifier = PayloadVerifier.forRequest(auth, request);
                int offset = 0;
                while (offset < body.length) {
                    int n = Math.min(body.length - offset, random.nextInt(1, 64));
                    verifier.update(ByteBuffer.wrap(body, offset, n), b -> { });
                    offset += n;
                }
                verifier.finish();
            } catch (AuthException expected) {
                assertThat(expected.error()).isNotNull();
            }
        }
    }
}
