package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flexible checksums: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 computed by the SDK (sent as aws-chunked trailers)
 * or supplied by the caller (sent as headers), verified, stored, and returned with x-amz-checksum-mode ENABLED.
 * CRC64NVME needs no CRT: SDK 2.40 has a pure-Java implementation.
 */
class ChecksumsTest extends ConformanceTestBase {
    private static String bucket;

    @BeforeAll
    static void bucket() {
        bucket = createBucket("checksums");
    }

    /** The base64 checksum computed independently of the SDK where the JDK can (CRC64NVME: SDK's own). */
    static String expected(ChecksumAlgorithm algorithm, byte[] data) {
        return switch (algorithm) {
            case CRC32 -> crc(new CRC32(), data);
            case CRC32_C -> crc(new CRC32C(), data);
            case SHA1 -> Base64.getEncoder().encodeToString(digest("SHA-1", data));
            case SHA256 -> Base64.getEncoder().encodeToString(digest("SHA-256", data));
            case CRC64_NVME -> Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(8).putLong(crc64Nvme(data)).array());
            default -> throw new IllegalArgumentException(algorithm.toString());
        };
    }

    /**
     * CRC-64/NVME, bit by bit (reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones): a reference
     * independent of both the server's table-driven code and the SDK's (which needs the CRT here).
     */
    static long crc64Nvme(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void crc64NvmeReferenceMatchesTheCatalogueCheckValue() {
        assertThat(crc64Nvme("123456789".getBytes())).isEqualTo(0xae8b14860a799888L);
    }

    private static String crc(Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }

    private static Function<Object, String> field(ChecksumAlgorithm algorithm) {
        return r -> switch (r) {
            case PutObjectResponse p -> switch (algorithm) {
                case CRC32 -> p.checksumCRC32();
                case CRC32_C -> p.checksumCRC32C();
                case CRC64_NVME -> p.checksumCRC64NVME();
                case SHA1 -> p.checksumSHA1();
                case SHA256 -> p.checksumSHA256();
                default -> null;
            };
            case GetObjectResponse g -> switch (algorithm) {
                case CRC32 -> g.checksumCRC32();
                case CRC32_C -> g.checksumCRC32C();
                case CRC64_NVME -> g.checksumCRC64NVME();
                case SHA1 -> g.checksumSHA1();
                case SHA256 -> g.checksumSHA256();
                default -> null;
            };
            case HeadObjectResponse h -> switch (algorithm) {
                case CRC32 -> h.checksumCRC32();
                case CRC32_C -> h.checksumCRC32C();
                case CRC64_NVME -> h.checksumCRC64NVME();
                case SHA1 -> h.checksumSHA1();
                case SHA256 -> h.checksumSHA256();
                default -> null;
            };
            default -> throw new IllegalArgumentException(r.getClass().toString());
        };
    }

    private static PutObjectRequest.Builder withValue(PutObjectRequest.Builder b, ChecksumAlgorithm a, String v) {
        return switch (a) {
            case CRC32 -> b.checksumCRC32(v);
            case CRC32_C -> b.checksumCRC32C(v);
            case CRC64_NVME -> b.checksumCRC64NVME(v);
            case SHA1 -> b.checksumSHA1(v);
            case SHA256 -> b.checksumSHA256(v);
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    /**
     * CRC64NVME is left out here: the SDK computes it only through the AWS CRT (software.amazon.awssdk.crt:aws-crt),
     * which this module does not depend on. It is covered as a caller-supplied header below and as a hand-built
     * aws-chunked trailer in {@link ChunkedUploadTest}.
     */
    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = {"UNKNOWN_TO_SDK_VERSION", "CRC64_NVME"},
            mode = EnumSource.Mode.EXCLUDE)
    void sdkComputedChecksumIsVerifiedStoredAndReturned(ChecksumAlgorithm algorithm) {
        byte[] data = randomBytes(200_000, algorithm.ordinal());
        String key = "sdk-" + algorithm;
        String expected = expected(algorithm, data);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).checksumAlgorithm(algorithm),
                RequestBody.fromBytes(data));
        assertThat(field(algorithm).apply(put)).isEqualTo(expected);

        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(field(algorithm).apply(get.response())).isEqualTo(expected);

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(field(algorithm).apply(head)).isEqualTo(expected);

        // Without checksum mode the checksum is not returned.
        GetObjectResponse plain = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).response();
        assertThat(field(algorithm).apply(plain)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = "UNKNOWN_TO_SDK_VERSION", mode = EnumSource.Mode.EXCLUDE)
    void callerSuppliedChecksumHeaderIsVerified(ChecksumAlgorithm algorithm) {
        byte[] data = randomBytes(5000, 100 + algorithm.ordinal());
        String key = "header-" + algorithm;
        String expected = expected(algorithm, data);
        PutObjectResponse put = s3.putObject(b -> withValue(b.bucket(bucket).key(key), algorithm, expected),
                RequestBody.fromBytes(data));
        assertThat(field(algorithm).apply(put)).isEqualTo(expected);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(field(algorithm).apply(head)).isEqualTo(expected);
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(field(algorithm).apply(get.response())).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = ChecksumAlgorithm.class, names = "UNKNOWN_TO_SDK_VERSION", mode = EnumSource.Mode.EXCLUDE)
    void wrongCallerSuppliedChecksumIsBadDigest(ChecksumAlgorithm algorithm) {
        byte[] data = randomBytes(5000, 200 + algorithm.ordinal());
        String key = "wrong-" + algorithm;
        // A well-formed value of the right length computed over other bytes.
        String wrong = expected(algorithm, "other bytes".getBytes());
        s3Error(() -> s3.putObject(b -> withValue(b.bucket(bucket).key(key), algorithm, wrong),
                RequestBody.fromBytes(data)), 400, "BadDigest");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(key))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void zeroCrc32IsBadDigest() {
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("zero-crc").checksumCRC32("AAAAAA=="),
                RequestBody.fromString("not all zero")), 400, "BadDigest");
    }

    @Test
    void defaultUploadCarriesACrc32ThatIsReturned() {
        byte[] data = randomBytes(70_000, 5);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("default-crc"), RequestBody.fromBytes(data));
        assertThat(put.checksumCRC32()).isEqualTo(expected(ChecksumAlgorithm.CRC32, data));
        GetObjectResponse get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("default-crc")
                .checksumMode(ChecksumMode.ENABLED)).response();
        assertThat(get.checksumCRC32()).isEqualTo(put.checksumCRC32());
    }

    @Test
    void multiChunkUploadWithCrc32cTrailer() {
        byte[] data = randomBytes(3 * 1024 * 1024 + 17, 6);
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("multi-chunk")
                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(data));
        assertThat(put.checksumCRC32C()).isEqualTo(expected(ChecksumAlgorithm.CRC32_C, data));
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("multi-chunk")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(get.response().checksumCRC32C()).isEqualTo(put.checksumCRC32C());
    }

    @Test
    void rawHeaderChecksumIsVerified() {
        byte[] data = "raw checksum body".getBytes();
        RawHttp.Response ok = RawRequest.of(server.port(), "PUT", "/" + bucket + "/raw-sha256")
                .header("x-amz-checksum-sha256", expected(ChecksumAlgorithm.SHA256, data))
                .body(data).send();
        assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
        assertThat(ok.header("x-amz-checksum-sha256")).isEqualTo(expected(ChecksumAlgorithm.SHA256, data));

        RawHttp.Response bad = RawRequest.of(server.port(), "PUT", "/" + bucket + "/raw-sha256-bad")
                .header("x-amz-checksum-crc32c", expected(ChecksumAlgorithm.CRC32_C, "x".getBytes()))
                .body(data).send();
        assertError(bad, 400, "BadDigest");
    }
}
