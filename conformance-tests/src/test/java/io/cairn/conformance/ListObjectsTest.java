package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** ListObjects (v1) and ListObjectsV2: prefixes, delimiters, paging, start-after, owners, URL encoding. */
class ListObjectsTest extends ConformanceTestBase {
    private static final int MANY = 2500;
    private static String many;
    private static List<String> manyKeys;

    @BeforeAll
    static void manyKeys() throws Exception {
        many = createBucket("list-many");
        manyKeys = IntStream.range(0, MANY).mapToObj(i -> String.format("page/%05d", i)).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(48)) {
            List<Future<?>> futures = new ArrayList<>();
            for (String key : manyKeys) {
                futures.add(pool.submit(() -> s3.putObject(b -> b.bucket(many).key(key), RequestBody.empty())));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        put(many, "top-level", "x");
    }

    private static List<String> keys(List<S3Object> contents) {
        return contents.stream().map(S3Object::key).toList();
    }

    private static List<String> prefixes(List<CommonPrefix> prefixes) {
        return prefixes.stream().map(CommonPrefix::prefix).toList();
    }

    private static String bucketWith(String hint, String... keys) {
        String bucket = createBucket(hint);
        for (String k : keys) {
            put(bucket, k, "x");
        }
        return bucket;
    }

    // ---- ListObjectsV2 ----

    @Test
    void v2PagesThrough2500KeysExactlyOnceEach() {
        for (int pageSize : new int[] {1000, 333}) {
            List<String> seen = new ArrayList<>();
            String token = null;
            int pages = 0;
            do {
                String t = token;
                ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(many).prefix("page/").maxKeys(pageSize)
                        .continuationToken(t));
                pages++;
                assertThat(r.keyCount()).isEqualTo(r.contents().size());
                assertThat(r.contents().size()).isLessThanOrEqualTo(pageSize);
                assertThat(r.continuationToken()).isEqualTo(t);
                seen.addAll(keys(r.contents()));
                if (r.isTruncated()) {
                    assertThat(r.nextContinuationToken()).isNotBlank();
                    assertThat(r.contents()).hasSize(pageSize);
                } else {
                    assertThat(r.nextContinuationToken()).isNull();
                }
                token = r.isTruncated() ? r.nextContinuationToken() : null;
            } while (token != null);
            assertThat(seen).containsExactlyElementsOf(manyKeys);
            assertThat(new HashSet<>(seen)).hasSize(MANY);
            assertThat(pages).isEqualTo((MANY + pageSize - 1) / pageSize);
        }
    }

    @Test
    void v2PaginatorOfTheSdk() {
        List<String> all = s3.listObjectsV2Paginator(b -> b.bucket(many).maxKeys(700)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(all).hasSize(MANY + 1).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void v2DefaultMaxKeysIs1000() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(many));
        assertThat(r.maxKeys()).isEqualTo(1000);
        assertThat(r.keyCount()).isEqualTo(1000);
        assertThat(r.isTruncated()).isTrue();
    }

    @Test
    void v2DelimiterSkipsCommonPrefix() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(many).delimiter("/"));
        assertThat(keys(r.contents())).containsExactly("top-level");
        assertThat(prefixes(r.commonPrefixes())).containsExactly("page/");
        assertThat(r.keyCount()).isEqualTo(2);
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.delimiter()).isEqualTo("/");
    }

    @Test
    void v2StartAfter() {
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(many).startAfter("page/02495"));
        assertThat(keys(r.contents())).containsExactly("page/02496", "page/02497", "page/02498", "page/02499",
                "top-level");
        assertThat(r.startAfter()).isEqualTo("page/02495");
        ListObjectsV2Response between = s3.listObjectsV2(b -> b.bucket(many).startAfter("page/00001x").maxKeys(2));
        assertThat(keys(between.contents())).containsExactly("page/00002", "page/00003");
    }

    @Test
    void v2ContinuationTokenTakesPrecedenceOverStartAfter() {
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket(many).maxKeys(10).startAfter("page/01000"));
        assertThat(keys(first.contents()).getFirst()).isEqualTo("page/01001");
        ListObjectsV2Response second = s3.listObjectsV2(b -> b.bucket(many).maxKeys(10).startAfter("page/01000")
                .continuationToken(first.nextContinuationToken()));
        assertThat(keys(second.contents()).getFirst()).isEqualTo("page/01011");
    }

    @Test
    void v2PrefixDelimiterAndMaxKeysCountCommonPrefixes() {
        String bucket = bucketWith("v2-delim", "a/1", "a/2", "b/1", "c", "d/1", "d/2/x", "e");
        ListObjectsV2Response p1 = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(3));
        assertThat(prefixes(p1.commonPrefixes())).containsExactly("a/", "b/");
        assertThat(keys(p1.contents())).containsExactly("c");
        assertThat(p1.keyCount()).isEqualTo(3);
        assertThat(p1.isTruncated()).isTrue();
        ListObjectsV2Response p2 = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(3)
                .continuationToken(p1.nextContinuationToken()));
        assertThat(prefixes(p2.commonPrefixes())).containsExactly("d/");
        assertThat(keys(p2.contents())).containsExactly("e");
        assertThat(p2.keyCount()).isEqualTo(2);
        assertThat(p2.isTruncated()).isFalse();

        ListObjectsV2Response d = s3.listObjectsV2(b -> b.bucket(bucket).prefix("d/").delimiter("/"));
        assertThat(keys(d.contents())).containsExactly("d/1");
        assertThat(prefixes(d.commonPrefixes())).containsExactly("d/2/");
        assertThat(d.prefix()).isEqualTo("d/");
    }

    @Test
    void v2MultiCharacterDelimiter() {
        String bucket = bucketWith("v2-multidelim", "x--1--a", "x--1--b", "x--2", "y");
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).prefix("x--").delimiter("--"));
        assertThat(prefixes(r.commonPrefixes())).containsExactly("x--1--");
        assertThat(keys(r.contents())).containsExactly("x--2");
    }

    @Test
    void v2FetchOwner() {
        String bucket = bucketWith("v2-owner", "k");
        S3Object without = s3.listObjectsV2(b -> b.bucket(bucket)).contents().getFirst();
        assertThat(without.owner()).isNull();
        S3Object with = s3.listObjectsV2(b -> b.bucket(bucket).fetchOwner(true)).contents().getFirst();
        assertThat(with.owner()).isNotNull();
        assertThat(with.owner().id()).isNotBlank();
    }

    @Test
    void v2ContentsFields() {
        String bucket = createBucket("v2-fields");
        byte[] data = randomBytes(1234, 1);
        String etag = s3.putObject(b -> b.bucket(bucket).key("f"), RequestBody.fromBytes(data)).eTag();
        S3Object o = s3.listObjectsV2(b -> b.bucket(bucket)).contents().getFirst();
        assertThat(o.key()).isEqualTo("f");
        assertThat(o.size()).isEqualTo(1234);
        assertThat(o.eTag()).isEqualTo(etag);
        // Listings carry milliseconds, HTTP dates whole seconds: the same instant to the second.
        assertThat(o.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .isEqualTo(s3.headObject(b -> b.bucket(bucket).key("f")).lastModified());
        assertThat(o.storageClassAsString()).isEqualTo("STANDARD");
    }

    @Test
    void v2EncodingTypeUrl() {
        List<String> keys = List.of("plain", "with space", "ünïcødé/日本", "ctrl\u0001char", "tab\tnew\nline",
                "a+b%c&d<e>", "dir one/x");
        String bucket = createBucket("v2-url");
        for (String k : keys) {
            put(bucket, k, "x");
        }
        // The SDK decodes url-encoded keys and prefixes itself.
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL));
        assertThat(keys(r.contents())).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(r.encodingType()).isEqualTo(EncodingType.URL);
        ListObjectsV2Response d = s3.listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL)
                .delimiter("/"));
        assertThat(prefixes(d.commonPrefixes())).containsExactlyInAnyOrder("ünïcødé/", "dir one/");

        // On the wire the keys really are percent-encoded, so control characters never reach the XML.
        RawHttp.Response raw = RawRequest.of(server.port(), "GET", "/" + bucket)
                .query("list-type", "2").query("encoding-type", "url").send();
        assertThat(raw.status()).isEqualTo(200);
        Element result = parseXml(raw.body()).getDocumentElement();
        assertThat(childText(result, "EncodingType")).isEqualTo("url");
        NodeList listed = result.getElementsByTagName("Key");
        Set<String> wireKeys = new HashSet<>();
        for (int i = 0; i < listed.getLength(); i++) {
            wireKeys.add(listed.item(i).getTextContent());
        }
        assertThat(wireKeys).contains("ctrl%01char", "plain");
        assertThat(wireKeys).noneMatch(k -> k.chars().anyMatch(c -> c < 0x20));
    }

    @Test
    void v2EmptyBucket() {
        String bucket = createBucket("v2-empty");
        ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket));
        assertThat(r.contents()).isEmpty();
        assertThat(r.keyCount()).isZero();
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.name()).isEqualTo(bucket);
    }

    @Test
    void listingMissingBucketIsNoSuchBucket() {
        String missing = uniqueBucketName("list-missing");
        s3Error(() -> s3.listObjectsV2(b -> b.bucket(missing)), 404, "NoSuchBucket");
        s3Error(() -> s3.listObjects(b -> b.bucket(missing)), 404, "NoSuchBucket");
    }

    @Test
    void negativeMaxKeysIsInvalidArgument() {
        s3Error(() -> s3.listObjectsV2(b -> b.bucket(many).maxKeys(-1)), 400, "InvalidArgument");
        RawHttp.Response r = RawRequest.of(server.port(), "GET", "/" + many)
                .query("list-type", "2").query("max-keys", "abc").send();
        assertError(r, 400, "InvalidArgument");
    }

    @Test
    void invalidContinuationTokenIsInvalidArgument() {
        s3Error(() -> s3.listObjectsV2(b -> b.bucket(many).continuationToken("%%%not-a-token")),
                400, "InvalidArgument");
    }

    // ---- ListObjects (v1) ----

    @Test
    void v1MarkerPaging() {
        String bucket = bucketWith("v1-marker", "a", "b", "c", "d", "e");
        ListObjectsResponse p1 = s3.listObjects(b -> b.bucket(bucket).maxKeys(2));
        assertThat(keys(p1.contents())).containsExactly("a", "b");
        assertThat(p1.isTruncated()).isTrue();
        assertThat(p1.maxKeys()).isEqualTo(2);
        ListObjectsResponse p2 = s3.listObjects(b -> b.bucket(bucket).maxKeys(2).marker("b"));
        assertThat(keys(p2.contents())).containsExactly("c", "d");
        assertThat(p2.marker()).isEqualTo("b");
        ListObjectsResponse p3 = s3.listObjects(b -> b.bucket(bucket).maxKeys(2).marker("d"));
        assertThat(keys(p3.contents())).containsExactly("e");
        assertThat(p3.isTruncated()).isFalse();
        ListObjectsResponse between = s3.listObjects(b -> b.bucket(bucket).marker("bb"));
        assertThat(keys(between.contents())).containsExactly("c", "d", "e");
    }

    @Test
    void v1NextMarkerWithDelimiter() {
        String bucket = bucketWith("v1-next", "a/1", "a/2", "b", "c/1", "d");
        ListObjectsResponse p1 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(2));
        assertThat(prefixes(p1.commonPrefixes())).containsExactly("a/");
        assertThat(keys(p1.contents())).containsExactly("b");
        assertThat(p1.isTruncated()).isTrue();
        assertThat(p1.nextMarker()).isEqualTo("b");
        ListObjectsResponse p2 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(2)
                .marker(p1.nextMarker()));
        assertThat(prefixes(p2.commonPrefixes())).containsExactly("c/");
        assertThat(keys(p2.contents())).containsExactly("d");
        assertThat(p2.isTruncated()).isFalse();

        // NextMarker names a common prefix when the page ends on one; paging on from it skips the prefix.
        ListObjectsResponse q1 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(1));
        assertThat(q1.nextMarker()).isEqualTo("a/");
        ListObjectsResponse q2 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(1)
                .marker(q1.nextMarker()));
        assertThat(keys(q2.contents())).containsExactly("b");
    }

    @Test
    void v1PagesThrough2500Keys() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        while (true) {
            String m = marker;
            ListObjectsResponse r = s3.listObjects(b -> b.bucket(many).prefix("page/").marker(m));
            seen.addAll(keys(r.contents()));
            if (!r.isTruncated()) {
                break;
            }
            marker = r.nextMarker() != null ? r.nextMarker() : r.contents().getLast().key();
        }
        assertThat(seen).containsExactlyElementsOf(manyKeys);
    }

    @Test
    void v1ListsOwner() {
        String bucket = bucketWith("v1-owner", "k");
        S3Object o = s3.listObjects(b -> b.bucket(bucket)).contents().getFirst();
        assertThat(o.owner()).isNotNull();
        assertThat(o.owner().id()).isNotBlank();
    }

    @Test
    void v1EncodingTypeUrl() {
        String bucket = bucketWith("v1-url", "sp ace/x", "ctl\u0002");
        ListObjectsResponse r = s3.listObjects(b -> b.bucket(bucket).encodingType(EncodingType.URL));
        assertThat(keys(r.contents())).containsExactlyInAnyOrder("sp ace/x", "ctl\u0002");
        ListObjectsResponse d = s3.listObjects(b -> b.bucket(bucket).encodingType(EncodingType.URL).delimiter("/"));
        assertThat(prefixes(d.commonPrefixes())).containsExactly("sp ace/");
    }

    // ---- the examples of the S3 documentation ----

    @Test
    void documentedPhotosExample() {
        String bucket = bucketWith("photos", "sample.jpg", "photos/2006/January/sample.jpg",
                "photos/2006/February/sample2.jpg", "photos/2006/February/sample3.jpg",
                "photos/2006/February/sample4.jpg");
        // GET Bucket with delimiter "/": sample.jpg and the common prefix photos/.
        ListObjectsResponse root = s3.listObjects(b -> b.bucket(bucket).delimiter("/"));
        assertThat(keys(root.contents())).containsExactly("sample.jpg");
        assertThat(prefixes(root.commonPrefixes())).containsExactly("photos/");

        // prefix photos/2006/ and delimiter /: the two month prefixes, no contents.
        ListObjectsResponse months = s3.listObjects(b -> b.bucket(bucket).prefix("photos/2006/").delimiter("/"));
        assertThat(months.contents()).isEmpty();
        assertThat(prefixes(months.commonPrefixes()))
                .containsExactly("photos/2006/February/", "photos/2006/January/");

        ListObjectsV2Response v2 = s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/2006/").delimiter("/"));
        assertThat(v2.contents()).isEmpty();
        assertThat(prefixes(v2.commonPrefixes())).containsExactly("photos/2006/February/", "photos/2006/January/");
        assertThat(v2.keyCount()).isEqualTo(2);

        ListObjectsV2Response feb = s3.listObjectsV2(b -> b.bucket(bucket).prefix("photos/2006/February/"));
        assertThat(keys(feb.contents())).containsExactly("photos/2006/February/sample2.jpg",
                "photos/2006/February/sample3.jpg", "photos/2006/February/sample4.jpg");
    }
}
