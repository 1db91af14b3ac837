package io.cairn.server.s3;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.cairn.server.s3.S3Operation.*;
import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static S3Operation route(String method, String bucket, String key, Map<String, String> query,
                                     Set<String> headers) {
        return Router.route(method, bucket, key, query::get, headers::contains);
    }

    private static S3Operation route(String method, String bucket, String key, Map<String, String> query) {
        return route(method, bucket, key, query, Set.of());
    }

    @Test
    void serviceLevel() {
        assertThat(route("GET", null, null, Map.of())).isEqualTo(ListBuckets);
        assertThat(route("PUT", null, null, Map.of())).isEqualTo(Unknown);
    }

    @Test
    void bucketLevel() {
        assertThat(route("PUT", "b", null, Map.of())).isEqualTo(CreateBucket);
        assertThat(route("HEAD", "b", null, Map.of())).isEqualTo(HeadBucket);
        assertThat(route("DELETE", "b", null, Map.of())).isEqualTo(DeleteBucket);
        assertThat(route("GET", "b", null, Map.of())).isEqualTo(ListObjects);
        assertThat(route("GET", "b", null, Map.of("list-type", "2"))).isEqualTo(ListObjectsV2);
        assertThat(route("GET", "b", null, Map.of("location", ""))).isEqualTo(GetBucketLocation);
        assertThat(route("POST", "b", null, Map.of("delete", ""))).isEqualTo(DeleteObjects);
        assertThat(route("GET", "b", null, Map.of("versions", ""))).isEqualTo(ListObjectVersions);
        assertThat(route("GET", "b", null, Map.of("uploads", ""))).isEqualTo(ListMultipartUploads);
        assertThat(route("PUT", "b", null, Map.of("policy", ""))).isEqualTo(PutBucketPolicy);
        assertThat(route("GET", "b", null, Map.of("policyStatus", ""))).isEqualTo(GetBucketPolicyStatus);
        assertThat(route("POST", "b", null, Map.of("location", ""))).isEqualTo(Unknown);
    }

    @Test
    void objectLevel() {
        assertThat(route("GET", "b", "k", Map.of())).isEqualTo(GetObject);
        assertThat(route("HEAD", "b", "k", Map.of())).isEqualTo(HeadObject);
        assertThat(route("PUT", "b", "k", Map.of())).isEqualTo(PutObject);
        assertThat(route("PUT", "b", "k", Map.of(), Set.of("x-amz-copy-source"))).isEqualTo(CopyObject);
        assertThat(route("DELETE", "b", "k", Map.of())).isEqualTo(DeleteObject);
        assertThat(route("POST", "b", "k", Map.of("uploads", ""))).isEqualTo(CreateMultipartUpload);
        assertThat(route("PUT", "b", "k", Map.of("uploadId", "u", "partNumber", "1"))).isEqualTo(UploadPart);
        assertThat(route("PUT", "b", "k", Map.of("uploadId", "u", "partNumber", "1"), Set.of("x-amz-copy-source")))
                .isEqualTo(UploadPartCopy);
        assertThat(route("POST", "b", "k", Map.of("uploadId", "u"))).isEqualTo(CompleteMultipartUpload);
        assertThat(route("DELETE", "b", "k", Map.of("uploadId", "u"))).isEqualTo(AbortMultipartUpload);
        assertThat(route("GET", "b", "k", Map.of("uploadId", "u"))).isEqualTo(ListParts);
        assertThat(route("GET", "b", "k", Map.of("tagging", ""))).isEqualTo(GetObjectTagging);
        assertThat(route("PATCH", "b", "k", Map.of())).isEqualTo(Unknown);
    }

    @Test
    void responseOverridesAreNotSubResources() {
        assertThat(route("GET", "b", "k", Map.of("response-content-type", "text/plain"))).isEqualTo(GetObject);
    }
}
