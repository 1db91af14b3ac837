package io.cairn.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual-hosted-style addressing ({@code bucket.s3.local}). The SDK client runs with path-style off against
 * {@code http://s3.local:PORT}; its Apache HTTP client is given a DNS resolver that maps every name to loopback,
 * so the request really carries {@code Host: bucket.s3.local:PORT}. A raw socket request checks the same by hand.
 */
class VirtualHostedStyleTest extends ConformanceTestBase {
    private static S3Client virtualHosted;
    private static final List<String> hosts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void client() {
        virtualHosted = S3Client.builder()
                .endpointOverride(URI.create("http://" + CairnTestServer.DOMAIN + ":" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(CairnTestServer.credentials())
                .forcePathStyle(false)
                .httpClient(ApacheHttpClient.builder()
                        .dnsResolver(host -> new InetAddress[] {InetAddress.getLoopbackAddress()})
                        .build())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                        hosts.add(c.httpRequest().host() + " " + c.httpRequest().encodedPath());
                    }
                }))
                .build();
    }

    @AfterAll
    static void close() {
        virtualHosted.close();
    }

    @Test
    void sdkObjectOperationsOverVirtualHostedStyle() {
        String bucket = uniqueBucketName("vhost");
        virtualHosted.createBucket(b -> b.bucket(bucket));
        assertThat(hosts.getLast()).isIn(bucket + "." + CairnTestServer.DOMAIN + " ",
                bucket + "." + CairnTestServer.DOMAIN + " /");

        byte[] data = randomBytes(150_000, 1);
        String key = "dir/with space/ü.bin";
        virtualHosted.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
        assertThat(hosts.getLast()).startsWith(bucket + "." + CairnTestServer.DOMAIN + " /dir/");
        assertThat(virtualHosted.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(data);
        // The same object through path-style.
        assertThat(getBytes(bucket, key)).isEqualTo(data);

        ListObjectsV2Response list = virtualHosted.listObjectsV2(b -> b.bucket(bucket));
        assertThat(list.name()).isEqualTo(bucket);
        assertThat(list.contents()).extracting(S3Object::key).containsExactly(key);

        virtualHosted.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                .destinationKey("copy"));
        assertThat(getBytes(bucket, "copy")).isEqualTo(data);
        virtualHosted.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key(key).build(), ObjectIdentifier.builder().key("copy").build())));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        virtualHosted.headBucket(b -> b.bucket(bucket));
        virtualHosted.deleteBucket(b -> b.bucket(bucket));
        s3Error(() -> s3.headBucket(b -> b.bucket(bucket)), 404, null);
    }

    @Test
    void rawSignedRequestWithVirtualHost() {
        String bucket = createBucket("vhost-raw");
        put(bucket, "a/b.txt", "raw vhost");
        String host = bucket + "." + CairnTestServer.DOMAIN;

        RawRequest.Prepared list = RawRequest.of(server.port(), "GET", "/").host(host)
                .query("list-type", "2").prepare();
        assertThat(new String(list.head(), StandardCharsets.UTF_8))
                .contains("Host: " + host + ":" + server.port() + "\r\n");
        RawHttp.Response r = list.send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        Element result = parseXml(r.body()).getDocumentElement();
        assertThat(result.getTagName()).isEqualTo("ListBucketResult");
        assertThat(childText(result, "Name")).isEqualTo(bucket);
        assertThat(r.bodyText()).contains("<Key>a/b.txt</Key>");

        RawHttp.Response get = RawRequest.of(server.port(), "GET", "/a/b.txt").host(host).send();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bodyText()).isEqualTo("raw vhost");

        RawHttp.Response missing = RawRequest.of(server.port(), "GET", "/nope").host(host).send();
        ErrorDoc doc = assertError(missing, 404, "NoSuchKey");
        assertThat(doc.resource()).isEqualTo("/" + bucket + "/nope");
    }

    @Test
    void unknownHostFallsBackToPathStyle() {
        String bucket = createBucket("vhost-other");
        put(bucket, "k", "path");
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/" + bucket + "/k").host("localhost").send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("path");
    }

    @Test
    void virtualHostForMissingBucketIsNoSuchBucket() {
        String bucket = uniqueBucketName("vhost-missing");
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/").host(bucket + "." + CairnTestServer.DOMAIN)
                .send();
        assertError(r, 404, "NoSuchBucket");
    }
}
