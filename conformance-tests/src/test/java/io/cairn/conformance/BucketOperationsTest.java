package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLocationResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation; unimplemented operations. */
class BucketOperationsTest extends ConformanceTestBase {

    @Test
    void createdBucketsAreListedWithCreationDate() {
        Instant before = Instant.now().minusSeconds(2);
        String a = createBucket("list-a");
        String b = createBucket("list-b");
        ListBucketsResponse list = s3.listBuckets();
        assertThat(list.buckets()).extracting(Bucket::name).contains(a, b);
        assertThat(list.buckets()).extracting(Bucket::name).isSorted();
        Bucket bucket = list.buckets().stream().filter(x -> x.name().equals(a)).findFirst().orElseThrow();
        assertThat(bucket.creationDate()).isBetween(before, Instant.now().plusSeconds(2));
        assertThat(list.owner()).isNotNull();
        assertThat(list.owner().id()).isNotBlank();
    }

    @Test
    void createBucketAnswersLocation() {
        String name = uniqueBucketName("loc-header");
        CreateBucketResponse r = s3.createBucket(b -> b.bucket(name));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(r.location()).isEqualTo("/" + name);
    }

    @Test
    void createBucketWithMatchingLocationConstraint() {
        // us-east-1 is the one region whose constraint is written as an absent/empty element; the SDK refuses
        // to send "us-east-1" itself, so send the configuration by hand with the region named explicitly.
        String name = uniqueBucketName("constraint-ok");
        byte[] body = ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>").getBytes();
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + name).body(body).send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(s3.headBucket(b -> b.bucket(name)).sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void createBucketWithMismatchingLocationConstraintFails() {
        String name = uniqueBucketName("constraint-bad");
        S3Exception e = s3Error(() -> s3.createBucket(b -> b.bucket(name)
                .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1))),
                400, "IllegalLocationConstraintException");
        assertThat(e.awsErrorDetails().errorMessage()).contains("eu-west-1");
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void createExistingBucketIsBucketAlreadyOwnedByYou() {
        String name = createBucket("twice");
        s3Error(() -> s3.createBucket(b -> b.bucket(name)), 409, "BucketAlreadyOwnedByYou");
    }

    /** Names the SDK itself lets through (it checks only the DNS shape), so the server must refuse them. */
    @ParameterizedTest
    @ValueSource(strings = {"xn--punycode-prefix", "name-s3alias", "name--ol-s3", "sthree-name",
            "amzn-s3-demo-bucket"})
    void invalidBucketNamesAreRejectedThroughTheSdk(String name) {
        s3Error(() -> s3.createBucket(b -> b.bucket(name)), 400, "InvalidBucketName");
    }

    /** The SDK refuses these names before sending; other clients do not, so send them by hand. */
    @ParameterizedTest
    @ValueSource(strings = {"ab", "UpperCase", "under_score", "-leading-dash", "trailing-dash-", "192.168.5.4",
            "two..dots", "dot.-dash", "dash-.dot", "xn--punycode-prefix",
            "a-bucket-name-that-is-much-too-long-for-s3-because-it-has-64-chr"})
    void invalidBucketNamesAreRejectedOnTheWire(String name) {
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + name).send();
        assertError(r, 400, "InvalidBucketName");
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
    }

    @Test
    void sixtyThreeCharacterNameIsValid() {
        String base = uniqueBucketName("len");
        String valid = (base + "x".repeat(63)).substring(0, 63);
        s3.createBucket(b -> b.bucket(valid));
        s3.headBucket(b -> b.bucket(valid));
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + valid + "x").send();
        assertError(r, 400, "InvalidBucketName");
    }

    @Test
    void headBucket() {
        String name = createBucket("head");
        HeadBucketResponse r = s3.headBucket(b -> b.bucket(name));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(r.bucketRegion()).isEqualTo("us-east-1");
    }

    @Test
    void headMissingBucketIs404() {
        String name = uniqueBucketName("missing");
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name)))
                .isInstanceOfSatisfying(NoSuchBucketException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void deleteBucket() {
        String name = createBucket("delete");
        int status = s3.deleteBucket(b -> b.bucket(name)).sdkHttpResponse().statusCode();
        assertThat(status).isEqualTo(204);
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name))).isInstanceOf(NoSuchBucketException.class);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
    }

    @Test
    void deleteMissingBucketIsNoSuchBucket() {
        String name = uniqueBucketName("never");
        S3Exception e = s3Error(() -> s3.deleteBucket(b -> b.bucket(name)), 404, "NoSuchBucket");
        assertThat(e).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void deleteNonEmptyBucketIsBucketNotEmpty() {
        String name = createBucket("not-empty");
        s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("x"));
        s3Error(() -> s3.deleteBucket(b -> b.bucket(name)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(name).key("k"));
        s3.deleteBucket(b -> b.bucket(name));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void bucketCanBeRecreatedEmptyAfterDelete() {
        String name = createBucket("recreate");
        s3.putObject(b -> b.bucket(name).key("old"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket(name).key("old"));
        s3.deleteBucket(b -> b.bucket(name));
        s3.createBucket(b -> b.bucket(name));
        assertThat(s3.listObjectsV2(b -> b.bucket(name)).contents()).isEmpty();
    }

    @Test
    void getBucketLocationOfUsEast1IsEmpty() {
        String name = createBucket("location");
        GetBucketLocationResponse r = s3.getBucketLocation(b -> b.bucket(name));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        // S3 reports us-east-1 as an empty LocationConstraint.
        assertThat(r.locationConstraintAsString()).isNullOrEmpty();
    }

    @Test
    void getBucketLocationOfMissingBucket() {
        String name = uniqueBucketName("noloc");
        s3Error(() -> s3.getBucketLocation(b -> b.bucket(name)), 404, "NoSuchBucket");
    }

    @Test
    void unimplementedOperationsAnswer501NotImplemented() {
        String name = createBucket("notimpl");
        s3Error(() -> s3.getBucketPolicy(b -> b.bucket(name)), 501, "NotImplemented");
        s3Error(() -> s3.putBucketCors(b -> b.bucket(name).corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("GET").allowedOrigins("*").build()))), 501, "NotImplemented");
        s3Error(() -> s3.getBucketWebsite(b -> b.bucket(name)), 501, "NotImplemented");
        s3Error(() -> s3.getObjectLegalHold(b -> b.bucket(name).key("k")), 501, "NotImplemented");
    }

    @Test
    void unimplementedOperationAnswersErrorXmlNotAWrong200() {
        String name = createBucket("notimpl-raw");
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/" + name).query("policy", "").send();
        ErrorDoc doc = assertError(r, 501, "NotImplemented");
        assertThat(doc.resource()).isEqualTo("/" + name);
    }

    @Test
    void requestIdHeaderIsPresent() {
        String name = createBucket("reqid");
        HeadBucketResponse r = s3.headBucket(b -> b.bucket(name));
        assertThat(r.sdkHttpResponse().firstMatchingHeader("x-amz-request-id")).isPresent();
    }
}
