package io.cairn.conformance;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One server per test class, an SDK client with default settings, unique bucket names, error assertions. */
abstract class ConformanceTestBase {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    protected static CairnTestServer server;
    protected static S3Client s3;

    @BeforeAll
    static void startServer() {
        server = CairnTestServer.start();
        s3 = server.client();
    }

    @AfterAll
    static void stopServer() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A bucket name no other test uses. */
    static String uniqueBucketName(String hint) {
        String name = (hint + "-" + RUN + "-" + SEQ.incrementAndGet()).toLowerCase(Locale.ROOT);
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Creates a fresh bucket through the SDK. */
    static String createBucket(String hint) {
        String name = uniqueBucketName(hint);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    static void put(String bucket, String key, byte[] data) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    static void put(String bucket, String key, String data) {
        put(bucket, key, data.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] getBytes(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("MD5", data));
    }

    static String md5Base64(byte[] data) {
        return Base64.getEncoder().encodeToString(digest("MD5", data));
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the call, expects an S3Exception with the status and error code, and returns it. */
    static S3Exception s3Error(ThrowingCallable call, int status, String code) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call);
        assertThat(e).as("expected S3 error %s (%d)", code, status).isNotNull();
        assertThat(e.statusCode()).as("HTTP status of %s", e.getMessage()).isEqualTo(status);
        if (code != null) {
            assertThat(e.awsErrorDetails().errorCode()).as("error code of %s", e.getMessage()).isEqualTo(code);
        }
        return e;
    }

    /** The error code, message and request id of an S3 error body, asserting it is a proper error document. */
    record ErrorDoc(String code, String message, String requestId, String resource) {
    }

    static ErrorDoc errorDoc(RawHttp.Response r) {
        String text = r.bodyText();
        assertThat(text).as("error body").isNotBlank();
        assertThat(text).as("no Java internals in the error body")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.cairn").doesNotContain("java.");
        Document doc = parseXml(r.body());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("Error");
        String code = childText(root, "Code");
        String message = childText(root, "Message");
        String requestId = childText(root, "RequestId");
        assertThat(code).as("Code").isNotBlank();
        assertThat(message).as("Message").isNotBlank();
        assertThat(requestId).as("RequestId").isNotBlank();
        String contentType = r.header("content-type");
        assertThat(contentType).as("Content-Type of an error").contains("xml");
        return new ErrorDoc(code, message, requestId, childText(root, "Resource"));
    }

    /** Asserts the raw response is the given S3 error. */
    static ErrorDoc assertError(RawHttp.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r.bodyText()).isEqualTo(status);
        ErrorDoc doc = errorDoc(r);
        assertThat(doc.code()).isEqualTo(code);
        return doc;
    }

    static Document parseXml(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    static String childText(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
