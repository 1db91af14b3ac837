package io.cairn.auth;

import static io.cairn.auth.Fixtures.ACCESS_KEY;
import static io.cairn.auth.Fixtures.request;
import static io.cairn.auth.Fixtures.virtualHostRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

/** The examples of the AWS S3 SigV2 documentation ("Signing and authenticating REST requests"). */
class SigV2Test {
    private static final Instant MARCH_27 = Instant.parse("2007-03-27T19:36:42Z");

    private static AuthContext authenticate(Instant now, SignableRequest request) throws AuthException {
        return Fixtures.authenticator(now).authenticate(request);
    }

    private static AuthError errorOf(ThrowingSupplier<?> call) {
        try {
            call.get();
        } catch (AuthException e) {
            return e.error();
        } catch (Throwable e) {
            throw new AssertionError("unexpected " + e, e);
        }
        throw new AssertionError("no AuthException");
    }

    @Test
    void objectGet() throws AuthException {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg", "",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");

        AuthContext auth = authenticate(MARCH_27, request);

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.HEADER_V2);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
        assertThat(auth.signingKey()).isNull();
        assertThat(SigV2Verifier.stringToSign(request, "Tue, 27 Mar 2007 19:36:42 +0000"))
                .isEqualTo("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg");
    }

    @Test
    void objectPut() throws AuthException {
        SignableRequest request = virtualHostRequest("johnsmith", "PUT", "/photos/puppy.jpg", "",
                "content-type", "image/jpeg",
                "content-length", "94328",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 21:15:45 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:MyyxeRY7whkBe+bq8fHCL/2kKUg=");

        assertThat(authenticate(Instant.parse("2007-03-27T21:15:45Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void listIgnoresQueryParametersThatAreNotSubResources() throws AuthException {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/", "prefix=photos&max-keys=50&marker=puppy",
                "user-agent", "Mozilla/5.0",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 19:42:41 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:htDYFYduRNen8P9ZfE/s9SuKy0U=");

        assertThat(authenticate(Instant.parse("2007-03-27T19:42:41Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void fetchAclSignsTheSubResource() throws AuthException {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/", "acl",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 19:44:46 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:c2WLPFtWHVgbEmeEG93a4cG37dM=");

        assertThat(authenticate(Instant.parse("2007-03-27T19:44:46Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    /**
     * The documentation's rule is that with x-amz-date the Date line is empty and x-amz-date is signed as an amz
     * header. Its own DELETE example signature (lx3byBScXR6KzyMaifNkardMwNk=) was computed over a string with
     * the x-amz-date value in the Date line and no amz header instead; clients follow the rule, so do we.
     */
    @Test
    void deleteWithXAmzDateLeavesTheDateLineEmpty() throws AuthException {
        SignableRequest request = request("DELETE", "/johnsmith/photos/puppy.jpg", "",
                "user-agent", "dotnet",
                "host", "s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 21:20:27 +0000",
                "x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:R4dJ53KECjStyBO5iTBJZ4XVOaI=");

        assertThat(SigV2Verifier.stringToSign(request, "")).isEqualTo(
                "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg");
        assertThat(authenticate(Instant.parse("2007-03-27T21:20:26Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(errorOf(() -> authenticate(Instant.parse("2007-03-27T21:20:26Z"), Fixtures.withHeader(request,
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:lx3byBScXR6KzyMaifNkardMwNk="))))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void uploadWithAmzHeadersJoinedAndSorted() throws AuthException {
        SignableRequest request = virtualHostRequest("static.johnsmith.net", "PUT", "/db-backup.dat.gz", "",
                "user-agent", "curl/7.15.5",
                "host", "static.johnsmith.net:8080",
                "date", "Tue, 27 Mar 2007 21:06:08 +0000",
                "x-amz-acl", "public-read",
                "content-type", "application/x-download",
                "content-md5", "4gJE4saaMU4BqNR0kLY+lw==",
                "x-amz-meta-reviewedby", "joe@johnsmith.net",
                "x-amz-meta-reviewedby", "jane@johnsmith.net",
                "x-amz-meta-filechecksum", "0x02661779",
                "x-amz-meta-checksumalgorithm", "crc32",
                "content-disposition", "attachment; filename=database.dat",
                "content-encoding", "gzip",
                "content-length", "5913339",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:ilyl83RwaSoYIEdixDQcA4OnAnc=");

        assertThat(authenticate(Instant.parse("2007-03-27T21:06:08Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(SigV2Verifier.stringToSign(request, "Tue, 27 Mar 2007 21:06:08 +0000")).isEqualTo(
                "PUT\n4gJE4saaMU4BqNR0kLY+lw==\napplication/x-download\nTue, 27 Mar 2007 21:06:08 +0000\n"
                        + "x-amz-acl:public-read\nx-amz-meta-checksumalgorithm:crc32\n"
                        + "x-amz-meta-filechecksum:0x02661779\n"
                        + "x-amz-meta-reviewedby:joe@johnsmith.net,jane@johnsmith.net\n"
                        + "/static.johnsmith.net/db-backup.dat.gz");
    }

    @Test
    void listAllMyBuckets() throws AuthException {
        SignableRequest request = request("GET", "/", "",
                "host", "s3.amazonaws.com",
                "date", "Wed, 28 Mar 2007 01:29:59 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:qGdzdERIC03wnaRNKh6OqZehG9s=");

        assertThat(authenticate(Instant.parse("2007-03-28T01:29:59Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void unicodeKeysAreSignedAsSentStillEncoded() throws AuthException {
        SignableRequest request = request("GET", "/dictionary/fran%C3%A7ais/pr%c3%a9f%c3%a8re", "",
                "host", "s3.amazonaws.com",
                "date", "Wed, 28 Mar 2007 01:49:49 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:DNEZGsoieTZ92F3bUfSPQcbGmlM=");

        assertThat(authenticate(Instant.parse("2007-03-28T01:49:49Z"), request).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void presigned() throws AuthException {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
                "host", "johnsmith.s3.amazonaws.com");

        AuthContext auth = authenticate(Instant.ofEpochSecond(1175139620), request);

        assertThat(auth.accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(auth.type()).isEqualTo(AuthType.PRESIGNED_V2);
        assertThat(auth.payloadMode()).isEqualTo(PayloadMode.UNSIGNED);
    }

    @Test
    void presignedExpired() {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
                "host", "johnsmith.s3.amazonaws.com");

        assertThatThrownBy(() -> authenticate(Instant.ofEpochSecond(1175139621), request))
                .isInstanceOf(AuthException.class)
                .hasMessage("Request has expired")
                .extracting(e -> ((AuthException) e).error()).isEqualTo(AuthError.ACCESS_DENIED);
    }

    @Test
    void presignedWithAnotherPathFails() {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/photos/kitten.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D&Expires=1175139620",
                "host", "johnsmith.s3.amazonaws.com");

        assertThat(errorOf(() -> authenticate(MARCH_27, request))).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void presignedMissingExpires() {
        SignableRequest request = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg",
                "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D",
                "host", "johnsmith.s3.amazonaws.com");

        assertThat(errorOf(() -> authenticate(MARCH_27, request))).isEqualTo(AuthError.ACCESS_DENIED);
    }

    @Test
    void headerErrors() {
        SignableRequest good = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg", "",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");

        assertThat(errorOf(() -> authenticate(MARCH_27, Fixtures.withHeader(good, "authorization",
                "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMV="))))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> authenticate(MARCH_27, Fixtures.withHeader(good, "authorization",
                "AWS AKIDUNKNOWN:bWq2s1WEIj+Ydj0vQ697zp+IXMU="))))
                .isEqualTo(AuthError.INVALID_ACCESS_KEY_ID);
        assertThat(errorOf(() -> authenticate(MARCH_27, Fixtures.withHeader(good, "authorization",
                "AWS AKIAIOSFODNN7EXAMPLE"))))
                .isEqualTo(AuthError.INVALID_ARGUMENT);
        assertThat(errorOf(() -> authenticate(MARCH_27.plusSeconds(16 * 60), good)))
                .isEqualTo(AuthError.REQUEST_TIME_TOO_SKEWED);
        assertThat(errorOf(() -> authenticate(MARCH_27.minusSeconds(16 * 60), good)))
                .isEqualTo(AuthError.REQUEST_TIME_TOO_SKEWED);
        assertThat(errorOf(() -> authenticate(MARCH_27, Fixtures.withoutHeader(good, "date"))))
                .isEqualTo(AuthError.ACCESS_DENIED);
        assertThat(errorOf(() -> authenticate(MARCH_27, Fixtures.withHeader(good, "x-amz-meta-extra", "1"))))
                .isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void headerWithinTheSkewWindow() throws AuthException {
        SignableRequest good = virtualHostRequest("johnsmith", "GET", "/photos/puppy.jpg", "",
                "host", "johnsmith.s3.amazonaws.com",
                "date", "Tue, 27 Mar 2007 19:36:42 +0000",
                "authorization", "AWS AKIAIOSFODNN7EXAMPLE:bWq2s1WEIj+Ydj0vQ697zp+IXMU=");

        assertThat(authenticate(MARCH_27.plusSeconds(15 * 60), good).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void subResourcesAreSortedWithDecodedValues() {
        SignableRequest request = virtualHostRequest("b", "GET", "/k",
                "versionId=a%2Fb&response-content-type=text%2Fplain&foo=bar&acl", "host", "b.s3.amazonaws.com");

        assertThat(SigV2Verifier.stringToSign(request, "D"))
                .isEqualTo("GET\n\n\nD\n/b/k?acl&response-content-type=text/plain&versionId=a/b");
    }
}
