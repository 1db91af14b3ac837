package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DeleteObject and DeleteObjects. */
class DeleteObjectsTest extends ConformanceTestBase {

    private static List<ObjectIdentifier> ids(String... keys) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (String k : keys) {
            ids.add(ObjectIdentifier.builder().key(k).build());
        }
        return ids;
    }

    @Test
    void deleteObjectIs204AndRemovesTheObject() {
        String bucket = createBucket("del");
        put(bucket, "doomed", "x");
        DeleteObjectResponse r = s3.deleteObject(b -> b.bucket(bucket).key("doomed"));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("doomed")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void deleteObjectIsIdempotent() {
        String bucket = createBucket("del-idem");
        assertThat(s3.deleteObject(b -> b.bucket(bucket).key("never-existed")).sdkHttpResponse().statusCode())
                .isEqualTo(204);
        put(bucket, "twice", "x");
        s3.deleteObject(b -> b.bucket(bucket).key("twice"));
        assertThat(s3.deleteObject(b -> b.bucket(bucket).key("twice")).sdkHttpResponse().statusCode())
                .isEqualTo(204);
    }

    @Test
    void deleteObjectInMissingBucketIsNoSuchBucket() {
        String missing = uniqueBucketName("no-bucket");
        s3Error(() -> s3.deleteObject(b -> b.bucket(missing).key("k")), 404, "NoSuchBucket");
    }

    @Test
    void deleteObjectWithUnicodeKey() {
        String bucket = createBucket("del-uni");
        String key = "ünï cødé/../+%20 🗑";
        put(bucket, key, "x");
        s3.deleteObject(b -> b.bucket(bucket).key(key));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void deleteObjectsReportsEveryKey() {
        String bucket = createBucket("multi");
        put(bucket, "a", "1");
        put(bucket, "b/c", "2");
        put(bucket, "späce & <xml>", "3");
        put(bucket, "keep", "4");
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ids("a", "b/c", "späce & <xml>", "not-there"))));
        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(r.deleted()).extracting(DeletedObject::key)
                .containsExactlyInAnyOrder("a", "b/c", "späce & <xml>", "not-there");
        assertThat(r.errors()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("keep");
    }

    @Test
    void quietModeReportsOnlyErrors() {
        String bucket = createBucket("quiet");
        put(bucket, "x", "1");
        put(bucket, "y", "2");
        String tooLong = "k".repeat(1025);
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true)
                .objects(ids("x", "y", tooLong))));
        assertThat(r.deleted()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        S3Error error = r.errors().getFirst();
        assertThat(error.key()).isEqualTo(tooLong);
        assertThat(error.code()).isEqualTo("KeyTooLongError");
        assertThat(error.message()).isNotBlank();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void perKeyErrorsDoNotStopTheOtherDeletions() {
        String bucket = createBucket("per-key");
        put(bucket, "ok-1", "1");
        put(bucket, "ok-2", "2");
        String tooLong = "é".repeat(513);
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d
                .objects(ids("ok-1", tooLong, "ok-2"))));
        assertThat(r.deleted()).extracting(DeletedObject::key).containsExactlyInAnyOrder("ok-1", "ok-2");
        assertThat(r.errors()).extracting(S3Error::key).containsExactly(tooLong);
        assertThat(r.errors()).extracting(S3Error::code).containsExactly("KeyTooLongError");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void thousandKeysAreAllowed() {
        String bucket = createBucket("thousand");
        List<ObjectIdentifier> ids = IntStream.range(0, 1000)
                .mapToObj(i -> ObjectIdentifier.builder().key("k" + i).build()).toList();
        put(bucket, "k999", "x");
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids)));
        assertThat(r.deleted()).hasSize(1000);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void moreThanThousandKeysIsMalformedXml() {
        String bucket = createBucket("too-many");
        put(bucket, "k0", "x");
        List<ObjectIdentifier> ids = IntStream.range(0, 1001)
                .mapToObj(i -> ObjectIdentifier.builder().key("k" + i).build()).toList();
        s3Error(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids))), 400, "MalformedXML");
        // Nothing was deleted.
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void deleteObjectsInMissingBucketIsNoSuchBucket() {
        String missing = uniqueBucketName("multi-missing");
        s3Error(() -> s3.deleteObjects(b -> b.bucket(missing).delete(d -> d.objects(ids("a")))),
                404, "NoSuchBucket");
    }

    @Test
    void deleteObjectsWithoutContentMd5OrChecksumIsRejected() {
        String bucket = createBucket("multi-nomd5");
        put(bucket, "a", "1");
        byte[] xml = "<Delete><Object><Key>a</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = RawRequest.of(server.port(), "POST", "/" + bucket).query("delete", "")
                .body(xml).send();
        assertError(r, 400, "InvalidRequest");
        assertThat(getBytes(bucket, "a")).isEqualTo("1".getBytes());
    }

    @Test
    void deleteObjectsWithContentMd5ByHand() {
        String bucket = createBucket("multi-md5");
        put(bucket, "a", "1");
        byte[] xml = ("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a</Key></Object>"
                + "<Quiet>false</Quiet></Delete>").getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = RawRequest.of(server.port(), "POST", "/" + bucket).query("delete", "")
                .header("Content-MD5", md5Base64(xml)).body(xml).send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        var doc = parseXml(r.body()).getDocumentElement();
        assertThat(doc.getTagName()).isEqualTo("DeleteResult");
        assertThat(doc.getElementsByTagName("Deleted").getLength()).isEqualTo(1);

        RawHttp.Response bad = RawRequest.of(server.port(), "POST", "/" + bucket).query("delete", "")
                .header("Content-MD5", md5Base64("other".getBytes())).body(xml).send();
        assertError(bad, 400, "BadDigest");
    }
}
