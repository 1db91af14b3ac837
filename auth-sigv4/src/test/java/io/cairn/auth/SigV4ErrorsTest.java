package io.cairn.auth;

import static io.cairn.auth.Fixtures.EMPTY_SHA256;
import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_TIME;
import static io.cairn.auth.Fixtures.request;
import static io.cairn.auth.Fixtures.signV4;
import static io.cairn.auth.Fixtures.withHeader;
import static io.cairn.auth.Fixtures.withQuery;
import static io.cairn.auth.Fixtures.withoutHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigV4ErrorsTest {
    private static final String GET_SIGNATURE = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
    private static final String PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

    private final RequestAuthenticator authenticator = Fixtures.authenticator(EXAMPLE_TIME);

    private static SignableRequest getObject(String authorization) {
        return request("GET", "/test.txt", "",
                "host", "examplebucket.s3.amazonaws.com",
                "range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "authorization", authorization);
    }

    private static SignableRequest getObject() {
        return getObject(Fixtures.authorizationV4("host;range;x-amz-content-sha256;x-amz-date", GET_SIGNATURE));
    }

    private static SignableRequest presigned(String query) {
        return request("GET", "/test.txt", query, "host", "examplebucket.s3.amazonaws.com");
    }

    private AuthError errorOf(SignableRequest request) {
        return errorOf(authenticator, request);
    }

    private static AuthError errorOf(RequestAuthenticator authenticator, SignableRequest request) {
        try {
            authenticator.authenticate(request);
        } catch (AuthException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.error();
        }
        throw new AssertionError("authenticated although it should not have");
    }

    @Test
    void badSignature() {
        assertThat(errorOf(getObject(Fixtures.authorizationV4("host;range;x-amz-content-sha256;x-amz-date",
                GET_SIGNATURE.replace('f', 'e'))))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(getObject(Fixtures.authorizationV4("host;range;x-amz-content-sha256;x-amz-date",
                GET_SIGNATURE.toUpperCase())))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(getObject(Fixtures.authorizationV4("host;range;x-amz-content-sha256;x-amz-date",
                "abc")))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void anyChangeToWhatWasSignedBreaksTheSignature() {
        SignableRequest good = getObject();

        assertThat(errorOf(withHeader(good, "range", "bytes=0-10"))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(withHeader(good, "host", "evil.s3.amazonaws.com")))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(withQuery(good, "versionId=1"))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(new SignableRequest("HEAD", good.rawPath(), "", good.headers(), null)))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(new SignableRequest("GET", "/test.txt2", "", good.headers(), null)))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(withHeader(good, "x-amz-content-sha256", PayloadHash.UNSIGNED_PAYLOAD)))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void headersThatWereNotSignedAreAllowedUnlessTheyAreAmzHeaders() throws AuthException {
        SignableRequest good = getObject();

        assertThat(authenticator.authenticate(withHeader(good, "user-agent", "curl")).accessKeyId()).isNotNull();
        assertThat(errorOf(withHeader(good, "x-amz-acl", "public-read"))).isEqualTo(AuthError.ACCESS_DENIED);
    }

    @Test
    void unknownAccessKey() {
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIDNOBODY/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=" + GET_SIGNATURE)))
                .isEqualTo(AuthError.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void clockSkew() {
        assertThat(errorOf(Fixtures.authenticator(EXAMPLE_TIME.plusSeconds(15 * 60 + 1)), getObject()))
                .isEqualTo(AuthError.REQUEST_TIME_TOO_SKEWED);
        assertThat(errorOf(Fixtures.authenticator(EXAMPLE_TIME.minusSeconds(15 * 60 + 1)), getObject()))
                .isEqualTo(AuthError.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void withinTheSkewWindow() throws AuthException {
        assertThat(Fixtures.authenticator(EXAMPLE_TIME.plusSeconds(15 * 60)).authenticate(getObject()).accessKeyId())
                .isNotNull();
        assertThat(Fixtures.authenticator(EXAMPLE_TIME.minusSeconds(15 * 60)).authenticate(getObject()).accessKeyId())
                .isNotNull();
    }

    @Test
    void malformedAuthorizationHeader() {
        String signed = "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date";
        String credential = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
        for (String authorization : List.of(
                "AWS4-HMAC-SHA256 " + credential + ", " + signed,
                "AWS4-HMAC-SHA256 " + credential + ", Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 " + signed + ", Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 " + credential + ", " + signed + ", Signature=" + GET_SIGNATURE + ", Extra=1",
                "AWS4-HMAC-SHA256 " + credential + ", " + credential + ", " + signed + ", Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3, " + signed + ", Signature=x",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE//20130524/us-east-1/s3/aws4_request, " + signed
                        + ", Signature=x",
                "AWS4-HMAC-SHA256 " + credential + " " + signed + " Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=, Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=range;;x-amz-date, Signature=" + GET_SIGNATURE,
                "AWS4-HMAC-SHA256 ")) {
            assertThat(errorOf(getObject(authorization))).as(authorization)
                    .isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
        }
    }

    @Test
    void unsupportedAuthorizationSchemes() {
        assertThat(errorOf(getObject("Bearer abc"))).isEqualTo(AuthError.INVALID_ARGUMENT);
        assertThat(errorOf(getObject("AWS4-ECDSA-P256-SHA256 Credential=x"))).isEqualTo(AuthError.INVALID_ARGUMENT);
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256Credential=x"))).isEqualTo(AuthError.INVALID_ARGUMENT);
    }

    @Test
    void signedHeadersMustIncludeHost() {
        SignableRequest request = signV4(withoutHeader(getObject(), "authorization"),
                "range;x-amz-content-sha256;x-amz-date");

        assertThat(errorOf(request)).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
    }

    @Test
    void scopeMustBeThisServers() {
        String tail = ", SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=" + GET_SIGNATURE;
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/eu-west-1/s3/"
                + "aws4_request" + tail))).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/ec2/"
                + "aws4_request" + tail))).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws5_request" + tail))).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130525/us-east-1/s3/"
                + "aws4_request" + tail))).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
        assertThat(errorOf(getObject("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2013-05-24/us-east-1/s3/"
                + "aws4_request" + tail))).isEqualTo(AuthError.AUTHORIZATION_HEADER_MALFORMED);
    }

    @Test
    void wrongRegionMessageNamesTheExpectedOne() {
        assertThatThrownBy(() -> authenticator.authenticate(getObject("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/eu-west-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=" + GET_SIGNATURE)))
                .hasMessageContaining("'eu-west-1' is wrong; expecting 'us-east-1'");
    }

    @Test
    void missingOrInvalidDate() {
        assertThatThrownBy(() -> authenticator.authenticate(withoutHeader(getObject(), "x-amz-date")))
                .isInstanceOf(AuthException.class)
                .hasMessage("AWS authentication requires a valid Date or x-amz-date header")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.ACCESS_DENIED);
        assertThat(errorOf(withHeader(getObject(), "x-amz-date", "2013-05-24T00:00:00Z")))
                .isEqualTo(AuthError.ACCESS_DENIED);
        assertThat(errorOf(withHeader(getObject(), "x-amz-date", "20130532T000000Z")))
                .isEqualTo(AuthError.ACCESS_DENIED);
    }

    @Test
    void dateHeaderInsteadOfXAmzDate() throws AuthException {
        SignableRequest request = request("GET", "/test.txt", "",
                "host", "examplebucket.s3.amazonaws.com",
                "date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-content-sha256", EMPTY_SHA256);
        request = signV4(request, "date;host;x-amz-content-sha256");

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.amzDate()).isEqualTo(EXAMPLE_AMZ_DATE);
    }

    @Test
    void missingContentSha256() {
        SignableRequest request = signV4(withoutHeader(getObject(), "x-amz-content-sha256"),
                "host;range;x-amz-date");

        assertThatThrownBy(() -> authenticator.authenticate(request))
                .hasMessage("Missing required header for this request: x-amz-content-sha256")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.INVALID_REQUEST);
    }

    @Test
    void invalidContentSha256() {
        for (String value : List.of("abc", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "unsigned-payload",
                EMPTY_SHA256.replace('e', 'g'))) {
            assertThat(errorOf(withHeader(getObject(), "x-amz-content-sha256", value))).as(value)
                    .isEqualTo(AuthError.INVALID_ARGUMENT);
        }
    }

    @Test
    void payloadModes() throws AuthException {
        SignableRequest base = withoutHeader(getObject(), "authorization");
        for (var mode : List.of(
                new Object[] {PayloadHash.UNSIGNED_PAYLOAD, PayloadMode.UNSIGNED},
                new Object[] {PayloadHash.STREAMING_SIGNED, PayloadMode.STREAMING_SIGNED},
                new Object[] {PayloadHash.STREAMING_SIGNED_TRAILER, PayloadMode.STREAMING_SIGNED_TRAILER},
                new Object[] {PayloadHash.STREAMING_UNSIGNED_TRAILER, PayloadMode.STREAMING_UNSIGNED_TRAILER},
                new Object[] {EMPTY_SHA256.toUpperCase(), PayloadMode.SIGNED})) {
            SignableRequest request = signV4(withHeader(base, "x-amz-content-sha256", (String) mode[0]),
                    "host;range;x-amz-content-sha256;x-amz-date");

            AuthContext auth = authenticator.authenticate(request);

            assertThat(auth.payloadMode()).isEqualTo(mode[1]);
            assertThat(auth.contentSha256()).isEqualTo(mode[1] == PayloadMode.SIGNED ? EMPTY_SHA256 : null);
        }
    }

    @Test
    void headerAndQueryAuthTogether() {
        SignableRequest request = withQuery(getObject(), PRESIGNED_QUERY);

        assertThat(errorOf(request)).isEqualTo(AuthError.INVALID_ARGUMENT);
        assertThat(errorOf(withQuery(getObject(), "AWSAccessKeyId=A&Signature=B&Expires=1")))
                .isEqualTo(AuthError.INVALID_ARGUMENT);
    }

    @Test
    void presignedExpired() {
        RequestAuthenticator later = Fixtures.authenticator(EXAMPLE_TIME.plusSeconds(86401));

        assertThatThrownBy(() -> later.authenticate(presigned(PRESIGNED_QUERY)))
                .isInstanceOf(AuthException.class)
                .hasMessage("Request has expired")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.ACCESS_DENIED);
    }

    @Test
    void presignedFromTheFuture() {
        RequestAuthenticator earlier = Fixtures.authenticator(EXAMPLE_TIME.minusSeconds(15 * 60 + 1));

        assertThat(errorOf(earlier, presigned(PRESIGNED_QUERY))).isEqualTo(AuthError.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void presignedExpiresOutOfRange() {
        for (String expires : List.of("604801", "0", "-1", "soon", "")) {
            assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("X-Amz-Expires=86400", "X-Amz-Expires=" + expires))))
                    .as(expires).isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        }
    }

    @Test
    void presignedForAWeekIsAllowed() throws AuthException {
        SignableRequest unsigned = presigned(PRESIGNED_QUERY.replace("X-Amz-Expires=86400", "X-Amz-Expires=604800")
                .replaceAll("&X-Amz-Signature=.*", ""));
        String signature = Fixtures.signatureV4(unsigned, "host", PayloadHash.UNSIGNED_PAYLOAD, true);
        SignableRequest request = withQuery(unsigned, unsigned.rawQuery() + "&X-Amz-Signature=" + signature);

        AuthContext auth = Fixtures.authenticator(Instant.parse("2013-05-30T23:59:59Z")).authenticate(request);

        assertThat(auth.type()).isEqualTo(AuthType.PRESIGNED_V4);
    }

    @Test
    void presignedParameterErrors() {
        for (String param : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
                "X-Amz-SignedHeaders", "X-Amz-Signature")) {
            String without = PRESIGNED_QUERY.replaceAll("&?" + param + "=[^&]*", "");
            assertThat(errorOf(presigned(without))).as("without " + param)
                    .isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        }
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"))))
                .isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("us-east-1", "eu-west-1"))))
                .isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("X-Amz-Date=20130524T000000Z",
                "X-Amz-Date=20130524")))).isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("X-Amz-Date=20130524T000000Z",
                "X-Amz-Date=20130525T000000Z")))).isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("X-Amz-SignedHeaders=host",
                "X-Amz-SignedHeaders=range")))).isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(presigned(PRESIGNED_QUERY + "&X-Amz-Expires=1")))
                .isEqualTo(AuthError.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
    }

    @Test
    void presignedTampered() {
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("X-Amz-Expires=86400", "X-Amz-Expires=86399"))))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(presigned(PRESIGNED_QUERY + "&x-id=GetObject")))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(withHeader(presigned(PRESIGNED_QUERY), "x-amz-copy-source", "other/key")))
                .isEqualTo(AuthError.ACCESS_DENIED);
        assertThat(errorOf(presigned(PRESIGNED_QUERY.replace("AKIAIOSFODNN7EXAMPLE", "AKIDNOBODY"))))
                .isEqualTo(AuthError.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void presignedWithASignedPayloadHash() throws AuthException {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host"
                + "&X-Amz-Content-Sha256=" + EMPTY_SHA256;
        SignableRequest unsigned = request("PUT", "/b/k", query, "host", "examplebucket.s3.amazonaws.com");
        String signature = Fixtures.signatureV4(unsigned, "host", EMPTY_SHA256, true);
        SignableRequest request = withQuery(unsigned, query + "&X-Amz-Signature=" + signature);

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.SIGNED);
        assertThat(auth.contentSha256()).isEqualTo(EMPTY_SHA256);
        assertThat(auth.seedSignature()).isEqualTo(signature);
    }

    @Test
    void canonicalisationOfEncodedPathsQueriesAndHeaderValues() throws AuthException {
        SignableRequest unsigned = request("GET", "/b/a%20b/c+d/%E2%82%AC/./x//y", "prefix=a%2Fb&empty&z=1&a=%7e+",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-meta-list", "  one   two  ",
                "x-amz-meta-list", "three");

        String canonical = SigV4Signer.canonicalRequest(unsigned, List.of("host", "x-amz-meta-list"), "H", false);

        assertThat(canonical).isEqualTo("""
                GET
                /b/a%20b/c%2Bd/%E2%82%AC/./x//y
                a=~%2B&empty=&prefix=a%2Fb&z=1
                host:examplebucket.s3.amazonaws.com
                x-amz-meta-list:one two,three

                host;x-amz-meta-list
                H""");
        SignableRequest request = signV4(unsigned, "host;x-amz-content-sha256;x-amz-date;x-amz-meta-list");
        assertThat(authenticator.authenticate(request).accessKeyId()).isNotNull();
    }

    @Test
    void oddPercentEncodingIsCanonicalisedWithoutThrowing() {
        assertThat(UriEncoding.canonicalPath("/a%zzb%4")).isEqualTo("/a%25zzb%254");
        assertThat(UriEncoding.canonicalPath("/%c3%a9")).isEqualTo("/%C3%A9");
        assertThat(UriEncoding.canonicalPath("/%ff%fe")).isEqualTo("/%FF%FE");
        assertThat(UriEncoding.canonicalPath("")).isEqualTo("/");
        assertThat(UriEncoding.canonicalPath("/é")).isEqualTo("/%C3%A9");
        assertThat(SigV4Signer.canonicalQuery("a=%&&b=%2", false)).isEqualTo("a=%25&b=%252");
        assertThat(SigV4Signer.canonicalQuery("", false)).isEmpty();
        assertThat(SigV4Signer.canonicalQuery("X-Amz-Signature=abc&b=1", true)).isEqualTo("b=1");
        assertThat(SigV4Signer.canonicalQuery("b=2&b=1&a=", false)).isEqualTo("a=&b=1&b=2");
    }

    @Test
    void blankAuthorizationIsAnonymous() throws AuthException {
        assertThat(authenticator.authenticate(getObject(" ")).isAnonymous()).isTrue();
    }
}
