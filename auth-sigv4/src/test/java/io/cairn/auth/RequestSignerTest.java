package io.cairn.auth;

import static io.cairn.auth.Fixtures.ACCESS_KEY;
import static io.cairn.auth.Fixtures.EMPTY_SHA256;
import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_TIME;
import static io.cairn.auth.Fixtures.REGION;
import static io.cairn.auth.Fixtures.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-side signer: AWS's documented signatures, and round trips through the server's verifier. */
class RequestSignerTest {
    private final RequestSigner signer = new RequestSigner(ACCESS_KEY, SECRET_KEY, REGION);

    @Test
    void signsTheDocumentedGetObjectExample() {
        Map<String, List<String>> headers = headers(
                "host", "examplebucket.s3.amazonaws.com",
                "range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_AMZ_DATE);

        String authorization = signer.authorization("GET", "/test.txt", "", headers, EMPTY_SHA256);

        assertThat(authorization).isEqualTo(Fixtures.authorizationV4("host;range;x-amz-content-sha256;x-amz-date",
                "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    @Test
    void signedHeadersAreSortedWhateverTheMapOrder() {
        Map<String, List<String>> headers = headers(
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "range", "bytes=0-9",
                "host", "examplebucket.s3.amazonaws.com");

        assertThat(signer.authorization("GET", "/test.txt", "", headers, EMPTY_SHA256))
                .endsWith("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void presignsTheDocumentedGetObjectExample() {
        String query = signer.presignedQuery("GET", "/test.txt", "", "examplebucket.s3.amazonaws.com",
                EXAMPLE_TIME, Duration.ofDays(1));

        assertThat(query).isEqualTo("X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    @Test
    void headerSignatureVerifiesWithTheServersAuthenticator() throws AuthException {
        Instant now = Instant.parse("2026-03-01T12:34:56Z");
        String path = "/bucket/" + RequestSigner.encodePath("dir/a key+ü.txt");
        String query = "partNumber=3&uploadId=" + RequestSigner.encodeComponent("id/with+chars=");
        Map<String, List<String>> headers = headers(
                "host", "127.0.0.1:9000",
                "x-amz-content-sha256", RequestSigner.UNSIGNED_PAYLOAD,
                "x-amz-date", RequestSigner.amzDate(now));

        String authorization = signer.authorization("PUT", path, query, headers, RequestSigner.UNSIGNED_PAYLOAD);
        Map<String, List<String>> sent = new LinkedHashMap<>(headers);
        sent.put("authorization", List.of(authorization));
        sent.put("content-length", List.of("4096"));
        AuthContext auth = Fixtures.authenticator(now).authenticate(new SignableRequest("PUT", path, query, sent, null));

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.HEADER_V4);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
    }

    @Test
    void presignedUrlVerifiesWithTheServersAuthenticator() throws AuthException {
        Instant now = Instant.parse("2026-03-01T12:34:56Z");
        String path = "/bucket/" + RequestSigner.encodePath("obj/000001");
        String query = signer.presignedQuery("GET", path, "response-content-type=text%2Fplain", "127.0.0.1:9000",
                now, Duration.ofHours(1));

        AuthContext auth = Fixtures.authenticator(now.plusSeconds(3599)).authenticate(new SignableRequest("GET",
                path, query, Map.of("host", List.of("127.0.0.1:9000")), null));

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.PRESIGNED_V4);
    }

    @Test
    void aTamperedRequestDoesNotVerify() {
        Instant now = Instant.parse("2026-03-01T12:34:56Z");
        Map<String, List<String>> headers = headers(
                "host", "127.0.0.1:9000",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", RequestSigner.amzDate(now));
        String authorization = signer.authorization("GET", "/bucket/a", "", headers, EMPTY_SHA256);
        Map<String, List<String>> sent = new LinkedHashMap<>(headers);
        sent.put("authorization", List.of(authorization));

        assertThatThrownBy(() -> Fixtures.authenticator(now)
                .authenticate(new SignableRequest("GET", "/bucket/b", "", sent, null)))
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void theSigningKeyFollowsTheDateAcrossMidnight() throws AuthException {
        Instant beforeMidnight = Instant.parse("2026-03-01T23:59:59Z");
        Instant afterMidnight = Instant.parse("2026-03-02T00:00:01Z");
        for (Instant now : List.of(beforeMidnight, afterMidnight, beforeMidnight)) {
            Map<String, List<String>> headers = headers(
                    "host", "h",
                    "x-amz-content-sha256", EMPTY_SHA256,
                    "x-amz-date", RequestSigner.amzDate(now));
            Map<String, List<String>> sent = new LinkedHashMap<>(headers);
            sent.put("authorization", List.of(signer.authorization("GET", "/b/k", "", headers, EMPTY_SHA256)));

            assertThat(Fixtures.authenticator(now).authenticate(new SignableRequest("GET", "/b/k", "", sent, null))
                    .accessKeyId()).isEqualTo(ACCESS_KEY);
        }
    }

    @Test
    void refusesRequestsItCannotSign() {
        Map<String, List<String>> noDate = headers("host", "h");
        Map<String, List<String>> noHost = headers("x-amz-date", EXAMPLE_AMZ_DATE);
        Map<String, List<String>> upperCase = headers("host", "h", "x-amz-date", EXAMPLE_AMZ_DATE, "Range", "x");

        assertThatThrownBy(() -> signer.authorization("GET", "/", "", noDate, EMPTY_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.authorization("GET", "/", "", noHost, EMPTY_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.authorization("GET", "/", "", upperCase, EMPTY_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.presignedQuery("GET", "/", "", "h", EXAMPLE_TIME, Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, List<String>> headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return map;
    }
}
