package io.cairn.auth;

import static io.cairn.auth.Fixtures.ACCESS_KEY;
import static io.cairn.auth.Fixtures.EMPTY_SHA256;
import static io.cairn.auth.Fixtures.EXAMPLE_AMZ_DATE;
import static io.cairn.auth.Fixtures.EXAMPLE_SCOPE;
import static io.cairn.auth.Fixtures.EXAMPLE_TIME;
import static io.cairn.auth.Fixtures.authorizationV4;
import static io.cairn.auth.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The S3 SigV4 examples from the AWS documentation ("Signature Calculations for the Authorization Header:
 * Transferring Payload in a Single Chunk" and "Authenticating Requests: Using Query Parameters").
 */
class SigV4ExamplesTest {
    private final RequestAuthenticator authenticator = Fixtures.authenticator(EXAMPLE_TIME);

    @Test
    void getObject() throws AuthException {
        SignableRequest request = request("GET", "/test.txt", "",
                "host", "examplebucket.s3.amazonaws.com",
                "range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "authorization", authorizationV4("host;range;x-amz-content-sha256;x-amz-date",
                        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.HEADER_V4);
        assertThat(auth.isAnonymous()).isFalse();
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.SIGNED);
        assertThat(auth.contentSha256()).isEqualTo(EMPTY_SHA256);
        assertThat(auth.seedSignature()).isEqualTo("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(auth.amzDate()).isEqualTo(EXAMPLE_AMZ_DATE);
        assertThat(auth.scope()).isEqualTo(EXAMPLE_SCOPE);
        assertThat(auth.signingKey()).isEqualTo(Fixtures.signingKey());
    }

    @Test
    void getObjectCanonicalRequestMatchesTheDocumentation() {
        SignableRequest request = request("GET", "/test.txt", "",
                "host", "examplebucket.s3.amazonaws.com",
                "range", "bytes=0-9",
                "x-amz-content-sha256", EMPTY_SHA256,
                "x-amz-date", EXAMPLE_AMZ_DATE);

        String canonical = SigV4Signer.canonicalRequest(request,
                List.of("host", "range", "x-amz-content-sha256", "x-amz-date"), EMPTY_SHA256, false);

        assertThat(canonical).isEqualTo("""
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(SigV4Signer.stringToSign(EXAMPLE_AMZ_DATE, EXAMPLE_SCOPE, canonical)).isEqualTo("""
                AWS4-HMAC-SHA256
                20130524T000000Z
                20130524/us-east-1/s3/aws4_request
                7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972""");
    }

    @Test
    void putObject() throws AuthException {
        String bodySha256 = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        SignableRequest request = request("PUT", "/test$file.text", "",
                "host", "examplebucket.s3.amazonaws.com",
                "date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", bodySha256,
                "authorization", authorizationV4("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.SIGNED);
        assertThat(auth.contentSha256()).isEqualTo(bodySha256);
        assertThat(SigV4Signer.canonicalRequest(request, List.of("host"), bodySha256, false))
                .startsWith("PUT\n/test%24file.text\n\n");
    }

    @Test
    void putObjectBodyMatchesTheSignedHash() throws AuthException {
        SignableRequest request = request("PUT", "/test$file.text", "",
                "host", "examplebucket.s3.amazonaws.com",
                "date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
                "content-length", "21",
                "authorization", authorizationV4("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
        AuthContext auth = authenticator.authenticate(request);
        PayloadVerifier verifier = PayloadVerifier.forRequest(auth, request);
        byte[] body = Fixtures.ascii("Welcome to Amazon S3.");

        byte[] decoded = Fixtures.feed(verifier, body, 7, 7);
        PayloadResult result = verifier.finish();

        assertThat(decoded).isEqualTo(body);
        assertThat(result.length()).isEqualTo(21);
        assertThat(result.md5()).isEqualTo(Fixtures.md5(body));
        assertThat(result.checksums()).isEmpty();
    }

    @Test
    void getBucketLifecycle() throws AuthException {
        SignableRequest request = request("GET", "/", "lifecycle",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "authorization", authorizationV4("host;x-amz-content-sha256;x-amz-date",
                        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));

        assertThat(authenticator.authenticate(request).accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(SigV4Signer.canonicalQuery("lifecycle", false)).isEqualTo("lifecycle=");
    }

    @Test
    void listObjects() throws AuthException {
        SignableRequest request = request("GET", "/", "max-keys=2&prefix=J",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "authorization", authorizationV4("host;x-amz-content-sha256;x-amz-date",
                        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));

        assertThat(authenticator.authenticate(request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void listObjectsWithQueryInAnotherOrder() throws AuthException {
        SignableRequest request = request("GET", "/", "prefix=J&max-keys=2",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "authorization", authorizationV4("host;x-amz-content-sha256;x-amz-date",
                        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));

        assertThat(authenticator.authenticate(request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void authorizationHeaderWithoutSpacesAndInAnyOrder() throws AuthException {
        SignableRequest request = request("GET", "/", "max-keys=2&prefix=J",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-date", EXAMPLE_AMZ_DATE,
                "x-amz-content-sha256", EMPTY_SHA256,
                "authorization", "AWS4-HMAC-SHA256 "
                        + "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7,"
                        + "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                        + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request");

        assertThat(authenticator.authenticate(request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void presignedGetObject() throws AuthException {
        SignableRequest request = request("GET", "/test.txt",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                "host", "examplebucket.s3.amazonaws.com");

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.PRESIGNED_V4);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
        assertThat(auth.contentSha256()).isNull();
        assertThat(auth.scope()).isEqualTo(EXAMPLE_SCOPE);
    }

    @Test
    void presignedUrlIsValidUntilItExpires() throws AuthException {
        SignableRequest request = request("GET", "/test.txt",
                "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                        + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
                "host", "examplebucket.s3.amazonaws.com");

        AuthContext auth = Fixtures.authenticator(EXAMPLE_TIME.plusSeconds(86400)).authenticate(request);

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void noSignatureIsAnonymous() throws AuthException {
        SignableRequest request = request("GET", "/test.txt", "versionId=3",
                "host", "examplebucket.s3.amazonaws.com");

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.isAnonymous()).isTrue();
        assertThat(auth.accessKeyId()).isNull();
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
    }

    @Test
    void anonymousUnsignedTrailerBodyIsStillDecoded() throws AuthException {
        SignableRequest request = request("PUT", "/b/k", "",
                "host", "examplebucket.s3.amazonaws.com",
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");

        AuthContext auth = authenticator.authenticate(request);

        assertThat(auth.isAnonymous()).isTrue();
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.STREAMING_UNSIGNED_TRAILER);
    }
}
