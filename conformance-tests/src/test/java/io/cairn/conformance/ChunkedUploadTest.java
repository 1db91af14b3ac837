package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The payload modes of SigV4: signed and unsigned single payloads, and the three aws-chunked streaming modes.
 * The SDK is asked for each mode; an interceptor proves which mode it really sent. Over plain http the SDK always
 * signs the payload, so STREAMING-UNSIGNED-PAYLOAD-TRAILER is built by hand (signed by the SDK's own signer).
 */
class ChunkedUploadTest extends ConformanceTestBase {
    private static final String SIGNED_CHUNKED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private static final String SIGNED_CHUNKED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    private static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private static String bucket;

    @BeforeAll
    static void bucket() {
        bucket = createBucket("chunked");
    }

    private static S3Client recordingClient(PayloadModeRecorder recorder, boolean checksums, boolean chunked) {
        return server.client(b -> b
                .requestChecksumCalculation(checksums ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(chunked))
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)));
    }

    @Test
    void defaultClientSendsSignedChunksWithCrc32Trailer() {
        PayloadModeRecorder recorder = new PayloadModeRecorder();
        try (S3Client client = server.client(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(recorder)))) {
            byte[] data = randomBytes(300 * 1024 + 7, 1);
            PutObjectResponse put = client.putObject(b -> b.bucket(bucket).key("signed-trailer"),
                    RequestBody.fromBytes(data));
            assertThat(recorder.lastContentSha256()).isEqualTo(SIGNED_CHUNKED_TRAILER);
            assertThat(recorder.lastHeader("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");
            assertThat(recorder.lastHeader("x-amz-decoded-content-length")).isEqualTo(Integer.toString(data.length));
            assertThat(put.checksumCRC32()).isEqualTo(ChecksumsTest.expected(ChecksumAlgorithm.CRC32, data));
            assertThat(getBytes(bucket, "signed-trailer")).isEqualTo(data);
            assertThat(s3.headObject(b -> b.bucket(bucket).key("signed-trailer")).contentEncoding()).isNull();
        }
    }

    @Test
    void signedChunksWithoutTrailer() {
        PayloadModeRecorder recorder = new PayloadModeRecorder();
        try (S3Client client = recordingClient(recorder, false, true)) {
            byte[] data = randomBytes(200 * 1024 + 3, 2);
            PutObjectResponse put = client.putObject(b -> b.bucket(bucket).key("signed-chunks"),
                    RequestBody.fromBytes(data));
            assertThat(recorder.lastContentSha256()).isEqualTo(SIGNED_CHUNKED);
            assertThat(recorder.lastHeader("x-amz-trailer")).isNull();
            assertThat(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
            assertThat(getBytes(bucket, "signed-chunks")).isEqualTo(data);
        }
    }

    @Test
    void signedChunksOfAnEmptyBody() {
        PayloadModeRecorder recorder = new PayloadModeRecorder();
        try (S3Client client = recordingClient(recorder, false, true)) {
            client.putObject(b -> b.bucket(bucket).key("signed-chunks-empty"), RequestBody.empty());
            assertThat(getBytes(bucket, "signed-chunks-empty")).isEmpty();
        }
    }

    @Test
    void signedSinglePayload() {
        PayloadModeRecorder recorder = new PayloadModeRecorder();
        try (S3Client client = recordingClient(recorder, false, false)) {
            byte[] data = randomBytes(50_000, 3);
            client.putObject(b -> b.bucket(bucket).key("signed-single"), RequestBody.fromBytes(data));
            assertThat(recorder.lastContentSha256()).isEqualTo(HexFormat.of().formatHex(digest("SHA-256", data)));
            assertThat(getBytes(bucket, "signed-single")).isEqualTo(data);
        }
    }

    @Test
    void wrongSignedPayloadHashIsXAmzContentSha256Mismatch() {
        byte[] data = "the real body".getBytes(StandardCharsets.UTF_8);
        String otherHash = HexFormat.of().formatHex(digest("SHA-256", "another body".getBytes()));
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + bucket + "/sha-mismatch")
                .contentSha256(otherHash)
                .body(data).send();
        assertError(r, 400, "XAmzContentSHA256Mismatch");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("sha-mismatch")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void unsignedSinglePayload() {
        byte[] data = randomBytes(10_000, 4);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/unsigned-single")
                .unsignedPayload().body(data).prepare();
        assertThat(p.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        RawHttp.Response r = p.send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.header("etag")).isEqualTo("\"" + md5Hex(data) + "\"");
        assertThat(getBytes(bucket, "unsigned-single")).isEqualTo(data);
    }

    @Test
    void unsignedSinglePayloadSignedByTheTestsOwnSigner() {
        byte[] data = randomBytes(1000, 9);
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + bucket + "/manual%20signer")
                .query("x-id", "PutObject")
                .contentSha256("UNSIGNED-PAYLOAD").body(data).send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(getBytes(bucket, "manual signer")).isEqualTo(data);
    }

    @Test
    void unsignedChunksWithCrc32Trailer() {
        byte[] data = randomBytes(200 * 1024 + 11, 5);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/unsigned-trailer")
                .unsignedPayload().chunked(DefaultChecksumAlgorithm.CRC32).body(data).prepare();
        assertThat(p.header("x-amz-content-sha256")).isEqualTo(UNSIGNED_TRAILER);
        assertThat(p.header("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");
        RawHttp.Response r = p.send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.header("x-amz-checksum-crc32")).isEqualTo(ChecksumsTest.expected(ChecksumAlgorithm.CRC32, data));
        assertThat(getBytes(bucket, "unsigned-trailer")).isEqualTo(data);
        GetObjectResponse g = s3.getObjectAsBytes(b -> b.bucket(bucket).key("unsigned-trailer")
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertThat(g.checksumCRC32()).isEqualTo(r.header("x-amz-checksum-crc32"));
    }

    @Test
    void unsignedChunksWithWrongTrailerChecksumIsBadDigest() {
        byte[] data = randomBytes(1000, 6);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/unsigned-trailer-bad")
                .unsignedPayload().chunked(DefaultChecksumAlgorithm.CRC32).body(data).prepare();
        String good = ChecksumsTest.expected(ChecksumAlgorithm.CRC32, data);
        String wrong = ChecksumsTest.expected(ChecksumAlgorithm.CRC32, "other".getBytes());
        byte[] tampered = replace(p.body(), "x-amz-checksum-crc32:" + good, "x-amz-checksum-crc32:" + wrong);
        RawHttp.Response r = RawHttp.send(server.port(), p.head(), tampered);
        assertError(r, 400, "BadDigest");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("unsigned-trailer-bad")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    /**
     * CRC64NVME as a trailer. The SDK computes CRC64NVME only with the CRT, so the aws-chunked body is framed by
     * hand here (an unsigned-payload trailer; the headers are still signed by the SDK's signer).
     */
    @Test
    void unsignedChunksWithCrc64NvmeTrailer() {
        byte[] data = randomBytes(70_000, 7);
        String crc = ChecksumsTest.expected(ChecksumAlgorithm.CRC64_NVME, data);
        byte[] body = unsignedTrailerBody(data, 32 * 1024, "x-amz-checksum-crc64nvme", crc);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/crc64-trailer")
                .contentSha256(UNSIGNED_TRAILER)
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", Integer.toString(data.length))
                .header("x-amz-trailer", "x-amz-checksum-crc64nvme")
                .body(body).prepare();
        assertThat(p.header("x-amz-content-sha256")).isEqualTo(UNSIGNED_TRAILER);
        RawHttp.Response r = p.send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.header("x-amz-checksum-crc64nvme")).isEqualTo(crc);
        assertThat(getBytes(bucket, "crc64-trailer")).isEqualTo(data);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("crc64-trailer").checksumMode(ChecksumMode.ENABLED))
                .checksumCRC64NVME()).isEqualTo(crc);

        byte[] wrongBody = unsignedTrailerBody(data, 32 * 1024, "x-amz-checksum-crc64nvme",
                ChecksumsTest.expected(ChecksumAlgorithm.CRC64_NVME, "x".getBytes()));
        RawHttp.Response bad = RawRequest.of(server.port(), "PUT", "/" + bucket + "/crc64-trailer-bad")
                .contentSha256(UNSIGNED_TRAILER)
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", Integer.toString(data.length))
                .header("x-amz-trailer", "x-amz-checksum-crc64nvme")
                .body(wrongBody).send();
        assertError(bad, 400, "BadDigest");
    }

    @Test
    void signedChunksWithTamperedDataAreRejected() {
        byte[] data = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/tampered-data")
                .chunked(null).body(data).prepare();
        assertThat(p.header("x-amz-content-sha256")).isEqualTo(SIGNED_CHUNKED);
        byte[] tampered = replace(p.body(), "0123456789", "0123456780");
        RawHttp.Response r = RawHttp.send(server.port(), p.head(), tampered);
        assertError(r, 403, "SignatureDoesNotMatch");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("tampered-data")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void signedChunksWithTrailerByHand() {
        byte[] data = randomBytes(100_000, 8);
        RawRequest.Prepared p = RawRequest.of(server.port(), "PUT", "/" + bucket + "/signed-trailer-sha256")
                .chunked(DefaultChecksumAlgorithm.SHA256).body(data).prepare();
        assertThat(p.header("x-amz-content-sha256")).isEqualTo(SIGNED_CHUNKED_TRAILER);
        RawHttp.Response r = p.send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        assertThat(r.header("x-amz-checksum-sha256")).isEqualTo(ChecksumsTest.expected(ChecksumAlgorithm.SHA256, data));
        assertThat(getBytes(bucket, "signed-trailer-sha256")).isEqualTo(data);

        // The trailer is signed too: changing its value breaks the trailer signature.
        String good = ChecksumsTest.expected(ChecksumAlgorithm.SHA256, data);
        String wrong = ChecksumsTest.expected(ChecksumAlgorithm.SHA256, "x".getBytes());
        RawRequest.Prepared p2 = RawRequest.of(server.port(), "PUT", "/" + bucket + "/signed-trailer-tampered")
                .chunked(DefaultChecksumAlgorithm.SHA256).body(data).prepare();
        byte[] tampered = replace(p2.body(), good, wrong);
        RawHttp.Response bad = RawHttp.send(server.port(), p2.head(), tampered);
        assertThat(bad.status()).isIn(400, 403);
        assertThat(errorDoc(bad).code()).isIn("SignatureDoesNotMatch", "BadDigest");
    }

    /** An aws-chunked body without signatures: size lines, data, a zero chunk and one trailer. */
    static byte[] unsignedTrailerBody(byte[] data, int chunkSize, String trailerName, String trailerValue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += chunkSize) {
            int n = Math.min(chunkSize, data.length - off);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, off, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("0\r\n" + trailerName + ":" + trailerValue + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Replaces the first occurrence of an ASCII string in a body. */
    static byte[] replace(byte[] body, String from, String to) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        int i = s.indexOf(from);
        assertThat(i).as("'%s' in the body", from).isGreaterThanOrEqualTo(0);
        return (s.substring(0, i) + to + s.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
