package io.cairn.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multipart upload through the AWS SDK v2: Create / UploadPart / UploadPartCopy / Complete / Abort, ListParts
 * and ListMultipartUploads with their markers, every error S3 names for them, checksums, reads by part number and
 * by range across part boundaries, versioned and suspended buckets, and the reclaiming of part files on disk.
 */
class MultipartTest extends ConformanceTestBase {
    private static final int MIB = 1024 * 1024;
    private static final int PART = 5 * MIB;

    private static RawXml raw;
    /** Same server, with the raw XML of each response kept. */
    private static S3Client rawClient;

    @BeforeAll
    static void startRawClient() {
        raw = new RawXml();
        rawClient = server.client(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(raw)));
    }

    @AfterAll
    static void stopRawClient() {
        if (rawClient != null) {
            rawClient.close();
        }
    }

    // ---- the happy path ----

    @Test
    void completedUploadKeepsMetadataContentTypeAndHasTheMultipartEtag() {
        String bucket = bucket("basic");
        CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket(bucket).key("obj")
                .contentType("text/plain; charset=utf-8")
                .metadata(Map.of("color", "blue", "n", "1"))
                .cacheControl("max-age=60")
                .contentDisposition("attachment; filename=\"x.txt\"")
                .contentLanguage("de")
                .contentEncoding("identity"));
        assertThat(created.bucket()).isEqualTo(bucket);
        assertThat(created.key()).isEqualTo("obj");
        String id = created.uploadId();
        assertThat(id).isNotBlank();

        byte[][] parts = {bytes(1, PART), bytes(2, PART + 123), bytes(3, MIB + 7)};
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            UploadPartResponse r = uploadPart(bucket, "obj", id, i + 1, parts[i]);
            assertThat(r.eTag()).isEqualTo(quoted(md5Hex(parts[i])));
            done.add(CompletedPart.builder().partNumber(i + 1).eTag(r.eTag()).build());
        }
        CompleteMultipartUploadResponse complete = complete(bucket, "obj", id, done);
        String etag = multipartEtag(parts);
        assertThat(complete.eTag()).isEqualTo(etag);
        assertThat(complete.bucket()).isEqualTo(bucket);
        assertThat(complete.key()).isEqualTo("obj");
        assertThat(complete.location()).contains(bucket).endsWith("/obj");
        assertThat(complete.versionId()).isNull();

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("obj"));
        assertThat(head.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(head.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("color", "blue", "n", "1"));
        assertThat(head.cacheControl()).isEqualTo("max-age=60");
        assertThat(head.contentDisposition()).isEqualTo("attachment; filename=\"x.txt\"");
        assertThat(head.contentLanguage()).isEqualTo("de");
        assertThat(head.contentEncoding()).isEqualTo("identity");
        assertThat(head.contentLength()).isEqualTo(concat(parts).length);
        assertThat(head.eTag()).isEqualTo(etag);

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj"));
        assertThat(got.asByteArray()).isEqualTo(concat(parts));
        assertThat(got.response().eTag()).isEqualTo(etag);
        assertThat(got.response().contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(got.response().metadata()).containsEntry("color", "blue");

        S3Object listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents().get(0);
        assertThat(listed.key()).isEqualTo("obj");
        assertThat(listed.eTag()).isEqualTo(etag);
        assertThat(listed.size()).isEqualTo(concat(parts).length);
        // gone from the uploads in progress
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();

        // no Content-Type given: the PutObject default
        String plain = s3.createMultipartUpload(b -> b.bucket(bucket).key("plain")).uploadId();
        UploadPartResponse only = uploadPart(bucket, "plain", plain, 1, bytes(4, 10));
        complete(bucket, "plain", plain, List.of(CompletedPart.builder().partNumber(1).eTag(only.eTag()).build()));
        HeadObjectResponse plainHead = s3.headObject(b -> b.bucket(bucket).key("plain"));
        assertThat(plainHead.contentType()).isEqualTo("binary/octet-stream");
        assertThat(plainHead.eTag()).isEqualTo(multipartEtag(new byte[][]{bytes(4, 10)}));
    }

    @Test
    void partNumberReadsServeOnePartWithThePartsCount() {
        String bucket = bucket("partnumber");
        byte[][] parts = {bytes(11, PART), bytes(12, PART + 1), bytes(13, 999)};
        upload(bucket, "obj", parts);
        byte[] all = concat(parts);
        long offset = 0;
        for (int i = 0; i < parts.length; i++) {
            int n = i + 1;
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj").partNumber(n));
            assertThat(got.asByteArray()).as("part " + n).isEqualTo(parts[i]);
            assertThat(got.response().partsCount()).isEqualTo(3);
            assertThat(got.response().contentLength()).isEqualTo(parts[i].length);
            assertThat(got.response().contentRange())
                    .isEqualTo("bytes " + offset + "-" + (offset + parts[i].length - 1) + "/" + all.length);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("obj").partNumber(n));
            assertThat(head.partsCount()).isEqualTo(3);
            assertThat(head.contentLength()).isEqualTo(parts[i].length);
            offset += parts[i].length;
        }
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj").partNumber(4)), 416,
                "InvalidPartNumber");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("obj").partNumber(4)), 416, null);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("obj")).partsCount()).isIn(null, 3);

        // a simple object is one part
        s3.putObject(b -> b.bucket(bucket).key("simple"), RequestBody.fromBytes(bytes(14, 300 * 1024)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("simple").partNumber(1)).asByteArray())
                .isEqualTo(bytes(14, 300 * 1024));
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("simple").partNumber(2)), 416,
                "InvalidPartNumber");
    }

    @Test
    void rangeReadsAcrossPartBoundariesAreByteExact() {
        String bucket = bucket("ranges");
        byte[][] parts = {bytes(21, PART), bytes(22, PART + 3), bytes(23, 1000)};
        upload(bucket, "obj", parts);
        byte[] all = concat(parts);
        int b1 = parts[0].length;
        int b2 = b1 + parts[1].length;
        long[][] ranges = {
                {0, 0}, {b1 - 1, b1}, {b1 - 10, b1 + 10}, {b1, b1}, {b1 - 5, b2 + 5}, {b2 - 1, all.length - 1},
                {0, all.length - 1}, {b2, all.length - 1}, {123, b1 - 1}, {b1 + 1, b2 - 1}};
        for (long[] r : ranges) {
            String header = "bytes=" + r[0] + "-" + r[1];
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj").range(header));
            assertThat(got.asByteArray()).as(header).isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) r[1] + 1));
            assertThat(got.response().contentRange()).isEqualTo("bytes " + r[0] + "-" + r[1] + "/" + all.length);
        }
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj").range("bytes=-1005")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(all, all.length - 1005, all.length));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj").range("bytes=" + (b1 - 2) + "-"))
                .asByteArray()).isEqualTo(Arrays.copyOfRange(all, b1 - 2, all.length));
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("obj")
                .range("bytes=" + all.length + "-")), 416, "InvalidRange");
    }

    // ---- integrity: Content-MD5 and flexible checksums ----

    @Test
    void uploadPartChecksContentMd5() {
        String bucket = bucket("md5");
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        byte[] data = bytes(31, 70_000);
        String md5 = Base64.getEncoder().encodeToString(md5(data));
        UploadPartResponse ok = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(1)
                .contentMD5(md5), RequestBody.fromBytes(data));
        assertThat(ok.eTag()).isEqualTo(quoted(md5Hex(data)));

        String wrong = Base64.getEncoder().encodeToString(md5(bytes(32, 10)));
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(2)
                .contentMD5(wrong), RequestBody.fromBytes(data)), 400, "BadDigest");
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(3)
                .contentMD5("not-base64!"), RequestBody.fromBytes(data)), 400, "InvalidDigest");
        // the refused parts were not recorded
        assertThat(s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id)).parts())
                .extracting(Part::partNumber).containsExactly(1);
    }

    @Test
    void uploadPartVerifiesAndReturnsFlexibleChecksums() {
        String bucket = bucket("checksums");
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        byte[] data = bytes(41, 200_000);
        int n = 0;
        for (ChecksumAlgorithm alg : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256)) {
            int part = ++n;
            UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(part)
                    .checksumAlgorithm(alg), RequestBody.fromBytes(data));
            String expected = base64(checksum(alg, data));
            assertThat(checksumOf(r, alg)).as(alg.toString()).isEqualTo(expected);
        }
        // a wrong value given up front is refused
        String wrongCrc = base64(checksum(ChecksumAlgorithm.CRC32, bytes(42, 5)));
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(9)
                .checksumCRC32(wrongCrc), RequestBody.fromBytes(data)), 400, "BadDigest");
        ListPartsResponse parts = s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id));
        assertThat(parts.parts()).extracting(Part::partNumber).containsExactly(1, 2, 3, 4);
        assertThat(parts.parts().get(0).checksumCRC32()).isEqualTo(base64(checksum(ChecksumAlgorithm.CRC32, data)));
        assertThat(parts.parts().get(3).checksumSHA256())
                .isEqualTo(base64(checksum(ChecksumAlgorithm.SHA256, data)));
    }

    @Test
    void compositeChecksumOfAnUploadCreatedWithAnAlgorithm() {
        for (ChecksumAlgorithm alg : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.SHA256)) {
            String bucket = bucket("composite");
            CreateMultipartUploadResponse created = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")
                    .checksumAlgorithm(alg));
            assertThat(created.checksumAlgorithm()).isEqualTo(alg);
            String id = created.uploadId();
            byte[][] parts = {bytes(51, PART), bytes(52, PART), bytes(53, 4321)};
            List<CompletedPart> done = new ArrayList<>();
            ByteArrayOutputStream rawChecksums = new ByteArrayOutputStream();
            for (int i = 0; i < parts.length; i++) {
                int n = i + 1;
                byte[] data = parts[i];
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(n)
                        .checksumAlgorithm(alg), RequestBody.fromBytes(data));
                byte[] c = checksum(alg, data);
                rawChecksums.writeBytes(c);
                assertThat(checksumOf(r, alg)).isEqualTo(base64(c));
                CompletedPart.Builder p = CompletedPart.builder().partNumber(n).eTag(r.eTag());
                done.add((alg == ChecksumAlgorithm.CRC32 ? p.checksumCRC32(base64(c)) : p.checksumSHA256(base64(c)))
                        .build());
            }
            ListPartsResponse listed = s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id));
            assertThat(listed.checksumAlgorithm()).isEqualTo(alg);

            // a part checksum in the completion that is not the part's: InvalidPart
            CompletedPart bad = alg == ChecksumAlgorithm.CRC32
                    ? done.get(0).toBuilder().checksumCRC32(base64(checksum(alg, bytes(1, 1)))).build()
                    : done.get(0).toBuilder().checksumSHA256(base64(checksum(alg, bytes(1, 1)))).build();
            s3Error(() -> complete(bucket, "k", id, List.of(bad, done.get(1), done.get(2))), 400,
                    "InvalidPart");

            String composite = base64(checksum(alg, rawChecksums.toByteArray())) + "-3";
            CompleteMultipartUploadResponse complete = complete(bucket, "k", id, done);
            assertThat(checksumOf(complete, alg)).as("composite " + alg).isEqualTo(composite);
            assertThat(complete.checksumType()).isIn(null, ChecksumType.COMPOSITE);
            assertThat(complete.eTag()).isEqualTo(multipartEtag(parts));

            // the SDK gets the composite value back and does not try (and fail) to validate it as a whole-object sum
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                    .checksumMode(ChecksumMode.ENABLED));
            assertThat(got.asByteArray()).isEqualTo(concat(parts));
            assertThat(checksumOf(got.response(), alg)).isEqualTo(composite);
            assertThat(got.response().checksumType()).isEqualTo(ChecksumType.COMPOSITE);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("k").checksumMode(ChecksumMode.ENABLED));
            assertThat(alg == ChecksumAlgorithm.CRC32 ? head.checksumCRC32() : head.checksumSHA256())
                    .isEqualTo(composite);
            // a range is not the whole object: no checksum
            ResponseBytes<GetObjectResponse> range = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                    .range("bytes=0-99").checksumMode(ChecksumMode.ENABLED));
            assertThat(checksumOf(range.response(), alg)).isNull();
            // without checksum mode nothing is claimed
            assertThat(checksumOf(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).response(), alg)).isNull();
        }
    }

    @Test
    void uploadWithoutAnAlgorithmHasNoCompositeChecksumAndReadsWithChecksumModeEnabled() {
        String bucket = bucket("nocomposite");
        byte[][] parts = {bytes(61, PART), bytes(62, 100)};
        upload(bucket, "k", parts);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(got.asByteArray()).isEqualTo(concat(parts));
        assertThat(got.response().checksumCRC32()).isNull();
    }

    // ---- Complete's errors ----

    @Test
    void completeRefusesWrongOrMissingPartsBadOrderAndSmallParts() {
        String bucket = bucket("complete-errors");
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        byte[] p1 = bytes(71, PART);
        byte[] p2 = bytes(72, 1024);
        byte[] p3 = bytes(73, 2048);
        String e1 = uploadPart(bucket, "k", id, 1, p1).eTag();
        String e2 = uploadPart(bucket, "k", id, 2, p2).eTag();
        String e3 = uploadPart(bucket, "k", id, 3, p3).eTag();

        // an ETag that is not the part's
        s3Error(() -> complete(bucket, "k", id, List.of(cp(1, e2), cp(2, e2))), 400, "InvalidPart");
        // a part that was never uploaded
        s3Error(() -> complete(bucket, "k", id, List.of(cp(1, e1), cp(4, e2))), 400, "InvalidPart");
        // not ascending, or repeated
        s3Error(() -> complete(bucket, "k", id, List.of(cp(2, e2), cp(1, e1))), 400, "InvalidPartOrder");
        s3Error(() -> complete(bucket, "k", id, List.of(cp(1, e1), cp(1, e1))), 400, "InvalidPartOrder");
        // a part before the last one under 5 MiB
        s3Error(() -> complete(bucket, "k", id, List.of(cp(1, e1), cp(2, e2), cp(3, e3))), 400,
                "EntityTooSmall");
        // a part number out of range
        s3Error(() -> complete(bucket, "k", id, List.of(cp(0, e1))), 400, null);
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(10001),
                RequestBody.fromBytes(p2)), 400, "InvalidArgument");
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(id).partNumber(0),
                RequestBody.fromBytes(p2)), 400, "InvalidArgument");
        // ETags unquoted are accepted too
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(id);
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);

        // after all those refusals the upload is intact and completes with a valid subset
        CompleteMultipartUploadResponse ok = complete(bucket, "k", id,
                List.of(cp(1, e1.replace("\"", "")), cp(3, e3)));
        assertThat(ok.eTag()).isEqualTo(multipartEtag(new byte[][]{p1, p3}));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(concat(p1, p3));
    }

    @Test
    void unknownAbortedAndCompletedUploadsAreNoSuchUpload() {
        String bucket = bucket("nosuchupload");
        String random = "2~" + HexFormat.of().formatHex(bytes(81, 16));
        s3Error(() -> uploadPart(bucket, "k", random, 1, bytes(1, 10)), 404, "NoSuchUpload");
        s3Error(() -> complete(bucket, "k", random, List.of(cp(1, "\"x\""))), 404, "NoSuchUpload");
        s3Error(() -> s3.listParts(b -> b.bucket(bucket).key("k").uploadId(random)), 404, "NoSuchUpload");
        s3Error(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(random)), 404,
                "NoSuchUpload");

        String aborted = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = uploadPart(bucket, "k", aborted, 1, bytes(82, 100)).eTag();
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(aborted));
        s3Error(() -> uploadPart(bucket, "k", aborted, 2, bytes(1, 10)), 404, "NoSuchUpload");
        s3Error(() -> complete(bucket, "k", aborted, List.of(cp(1, e1))), 404, "NoSuchUpload");
        s3Error(() -> s3.listParts(b -> b.bucket(bucket).key("k").uploadId(aborted)), 404, "NoSuchUpload");
        s3Error(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(aborted)), 404,
                "NoSuchUpload");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);

        String completed = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String c1 = uploadPart(bucket, "k", completed, 1, bytes(83, 100)).eTag();
        complete(bucket, "k", completed, List.of(cp(1, c1)));
        s3Error(() -> uploadPart(bucket, "k", completed, 2, bytes(1, 10)), 404, "NoSuchUpload");
        s3Error(() -> s3.listParts(b -> b.bucket(bucket).key("k").uploadId(completed)), 404,
                "NoSuchUpload");
        s3Error(() -> complete(bucket, "k", completed, List.of(cp(1, c1))), 404, "NoSuchUpload");
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("k").destinationBucket(bucket)
                .destinationKey("k").uploadId(completed).partNumber(2)), 404, "NoSuchUpload");

        // an upload id is bound to its key
        String other = s3.createMultipartUpload(b -> b.bucket(bucket).key("other")).uploadId();
        s3Error(() -> uploadPart(bucket, "k", other, 1, bytes(1, 10)), 404, "NoSuchUpload");
        s3Error(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(other)), 404,
                "NoSuchUpload");
        s3Error(() -> s3.createMultipartUpload(b -> b.bucket("no-such-bucket-mp").key("k")), 404,
                "NoSuchBucket");
    }

    @Test
    void reuploadingAPartNumberReplacesIt() {
        String bucket = bucket("reupload");
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        byte[] first = bytes(91, PART);
        byte[] second = bytes(92, PART + 5);
        byte[] last = bytes(93, 10);
        String e1 = uploadPart(bucket, "k", id, 1, first).eTag();
        String e1b = uploadPart(bucket, "k", id, 1, second).eTag();
        assertThat(e1b).isNotEqualTo(e1);
        String e2 = uploadPart(bucket, "k", id, 2, last).eTag();
        List<Part> parts = s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id)).parts();
        assertThat(parts).extracting(Part::partNumber).containsExactly(1, 2);
        assertThat(parts.get(0).eTag()).isEqualTo(e1b);
        assertThat(parts.get(0).size()).isEqualTo(second.length);
        s3Error(() -> complete(bucket, "k", id, List.of(cp(1, e1), cp(2, e2))), 400, "InvalidPart");
        complete(bucket, "k", id, List.of(cp(1, e1b), cp(2, e2)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(concat(second, last));
    }

    @Test
    void completeWithIfNoneMatchRefusesToOverwrite() {
        String bucket = bucket("ifnonematch");
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("existing"));
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = uploadPart(bucket, "k", id, 1, bytes(95, 100)).eTag();
        s3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(cp(1, e1)))), 412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("existing");
        complete(bucket, "k", id, List.of(cp(1, e1)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asByteArray()).isEqualTo(bytes(95, 100));
    }

    // ---- abort and listings ----

    @Test
    void abortRemovesTheUploadAndItsParts() {
        String bucket = bucket("abort");
        String keep = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        uploadPart(bucket, "k", id, 1, bytes(101, PART));
        uploadPart(bucket, "k", id, 2, bytes(102, 10));
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).extracting(MultipartUpload::uploadId)
                .containsExactly(keep);
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        // the bucket can go while an upload is still in progress (its parts go with it), as in S3
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    @Test
    void listPartsPagesWithPartNumberMarkerAndMaxParts() {
        String bucket = bucket("listparts");
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        int[] numbers = {1, 2, 3, 5, 8, 13, 10000};
        for (int n : numbers) {
            uploadPart(bucket, "k", id, n, bytes(n, 100 + n % 1000));
        }
        ListPartsResponse all = s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id));
        assertThat(all.parts()).extracting(Part::partNumber).containsExactly(1, 2, 3, 5, 8, 13, 10000);
        assertThat(all.isTruncated()).isFalse();
        assertThat(all.bucket()).isEqualTo(bucket);
        assertThat(all.key()).isEqualTo("k");
        assertThat(all.uploadId()).isEqualTo(id);
        assertThat(all.initiator().id()).isEqualTo(CairnTestServer.ACCESS_KEY);
        assertThat(all.owner().id()).isEqualTo(CairnTestServer.ACCESS_KEY);
        Part p8 = all.parts().get(4);
        assertThat(p8.size()).isEqualTo(108);
        assertThat(p8.eTag()).isEqualTo(quoted(md5Hex(bytes(8, 108))));
        assertThat(p8.lastModified()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));

        List<Integer> seen = new ArrayList<>();
        Integer marker = null;
        int pages = 0;
        while (true) {
            Integer m = marker;
            ListPartsResponse page = s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id).maxParts(3)
                    .partNumberMarker(m));
            pages++;
            assertThat(page.maxParts()).isEqualTo(3);
            assertThat(page.parts().size()).isLessThanOrEqualTo(3);
            page.parts().forEach(p -> seen.add(p.partNumber()));
            if (!page.isTruncated()) {
                break;
            }
            assertThat(page.nextPartNumberMarker()).isEqualTo(page.parts().get(page.parts().size() - 1).partNumber());
            marker = page.nextPartNumberMarker();
            assertThat(pages).isLessThan(10);
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly(1, 2, 3, 5, 8, 13, 10000);
        assertThat(s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id).partNumberMarker(5)).parts())
                .extracting(Part::partNumber).containsExactly(8, 13, 10000);
        assertThat(s3.listParts(b -> b.bucket(bucket).key("k").uploadId(id).partNumberMarker(10000)).parts())
                .isEmpty();
        List<Integer> paginated = new ArrayList<>();
        s3.listPartsPaginator(b -> b.bucket(bucket).key("k").uploadId(id).maxParts(2)).parts()
                .forEach(p -> paginated.add(p.partNumber()));
        assertThat(paginated).containsExactly(1, 2, 3, 5, 8, 13, 10000);
    }

    @Test
    void listMultipartUploadsWithPrefixDelimiterAndMarkers() throws Exception {
        String bucket = bucket("listuploads");
        record Upload(String key, String uploadId) {
        }
        List<Upload> created = new ArrayList<>();
        for (String key : List.of("c", "a/1", "b/1", "a/2", "c", "d", "a/sub/x", "sp ace+")) {
            created.add(new Upload(key, s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId()));
            Thread.sleep(2);
        }
        // a completed upload is no longer listed; a never-completed one stays
        String done = s3.createMultipartUpload(b -> b.bucket(bucket).key("done")).uploadId();
        complete(bucket, "done", done, List.of(cp(1, uploadPart(bucket, "done", done, 1, bytes(1, 5)).eTag())));
        String gone = s3.createMultipartUpload(b -> b.bucket(bucket).key("gone")).uploadId();
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("gone").uploadId(gone));

        // S3's order: key ascending, a key's uploads in the order they were initiated
        List<Upload> expected = new ArrayList<>(created);
        expected.sort((x, y) -> x.key().compareTo(y.key()));
        ListMultipartUploadsResponse all = s3.listMultipartUploads(b -> b.bucket(bucket));
        assertThat(all.uploads()).extracting(u -> new Upload(u.key(), u.uploadId()))
                .containsExactlyElementsOf(expected);
        assertThat(all.isTruncated()).isFalse();
        MultipartUpload first = all.uploads().get(0);
        assertThat(first.initiator().id()).isEqualTo(CairnTestServer.ACCESS_KEY);
        assertThat(first.initiated()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));

        // prefix
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("a/")).uploads())
                .extracting(MultipartUpload::key).containsExactly("a/1", "a/2", "a/sub/x");
        // delimiter
        ListMultipartUploadsResponse top = s3.listMultipartUploads(b -> b.bucket(bucket).delimiter("/"));
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
        assertThat(top.uploads()).extracting(MultipartUpload::key).containsExactly("c", "c", "d", "sp ace+");
        ListMultipartUploadsResponse inA = s3.listMultipartUploads(b -> b.bucket(bucket).prefix("a/").delimiter("/"));
        assertThat(inA.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/sub/");
        assertThat(inA.uploads()).extracting(MultipartUpload::key).containsExactly("a/1", "a/2");

        // key-marker alone: uploads of later keys
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).keyMarker("c")).uploads())
                .extracting(MultipartUpload::key).containsExactly("d", "sp ace+");
        // key-marker + upload-id-marker: the rest of that key's uploads, then later keys
        String firstC = expected.stream().filter(u -> u.key().equals("c")).findFirst().orElseThrow().uploadId();
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).keyMarker("c").uploadIdMarker(firstC)).uploads())
                .extracting(MultipartUpload::key).containsExactly("c", "d", "sp ace+");

        // paging by one and by three: every upload exactly once, in order
        for (int max : new int[]{1, 3}) {
            List<Upload> seen = new ArrayList<>();
            String km = null;
            String um = null;
            for (int guard = 0; guard < 50; guard++) {
                String k = km;
                String u = um;
                ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket(bucket).maxUploads(max)
                        .keyMarker(k).uploadIdMarker(u));
                assertThat(page.maxUploads()).isEqualTo(max);
                assertThat(page.uploads().size()).isLessThanOrEqualTo(max);
                page.uploads().forEach(x -> seen.add(new Upload(x.key(), x.uploadId())));
                if (!page.isTruncated()) {
                    break;
                }
                MultipartUpload last = page.uploads().get(page.uploads().size() - 1);
                assertThat(page.nextKeyMarker()).isEqualTo(last.key());
                assertThat(page.nextUploadIdMarker()).isEqualTo(last.uploadId());
                km = page.nextKeyMarker();
                um = page.nextUploadIdMarker();
            }
            assertThat(seen).as("max-uploads " + max).containsExactlyElementsOf(expected);
        }
        List<Upload> paginated = new ArrayList<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).maxUploads(2)).uploads()
                .forEach(u -> paginated.add(new Upload(u.key(), u.uploadId())));
        assertThat(paginated).containsExactlyElementsOf(expected);

        // delimiter + paging by one: uploads and prefixes once each
        List<String> items = new ArrayList<>();
        String km = null;
        String um = null;
        for (int guard = 0; guard < 50; guard++) {
            String k = km;
            String u = um;
            ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket(bucket).maxUploads(1)
                    .delimiter("/").keyMarker(k).uploadIdMarker(u));
            page.uploads().forEach(x -> items.add(x.key()));
            page.commonPrefixes().forEach(p -> items.add(p.prefix()));
            if (!page.isTruncated()) {
                break;
            }
            km = page.nextKeyMarker();
            um = page.nextUploadIdMarker();
        }
        assertThat(items).containsExactly("a/", "b/", "c", "c", "d", "sp ace+");

        // url encoding
        ListMultipartUploadsResponse encoded = rawClient.listMultipartUploads(b -> b.bucket(bucket).prefix("sp")
                .encodingType(EncodingType.URL));
        assertThat(raw.last()).contains("<Key>sp%20ace%2B</Key>");
        assertThat(encoded.uploads()).extracting(MultipartUpload::key).containsExactly("sp ace+");

        // each never-completed upload is still usable
        Upload d = expected.stream().filter(u -> u.key().equals("d")).findFirst().orElseThrow();
        String e = uploadPart(bucket, "d", d.uploadId(), 1, bytes(5, 5)).eTag();
        complete(bucket, "d", d.uploadId(), List.of(cp(1, e)));
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(expected.size() - 1);
    }

    // ---- UploadPartCopy ----

    @Test
    void uploadPartCopyWithRangesFromVersionsAndWithSourceConditions() {
        String bucket = bucket("partcopy");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        byte[] v1Data = bytes(111, 2 * PART + 777);
        byte[] v2Data = bytes(112, PART + 11);
        String v1 = s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromBytes(v1Data)).versionId();
        String v2 = s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromBytes(v2Data)).versionId();

        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst")).uploadId();
        // part 1: the first 5 MiB of the old version
        UploadPartCopyResponse p1 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(1)
                .copySourceRange("bytes=0-" + (PART - 1)));
        assertThat(p1.copySourceVersionId()).isEqualTo(v1);
        assertThat(p1.copyPartResult().eTag()).isEqualTo(quoted(md5Hex(Arrays.copyOfRange(v1Data, 0, PART))));
        assertThat(p1.copyPartResult().lastModified()).isNotNull();
        // part 2: the latest version, whole, with a matching condition
        String v2Etag = quoted(md5Hex(v2Data));
        UploadPartCopyResponse p2 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(2)
                .copySourceIfMatch(v2Etag));
        assertThat(p2.copyPartResult().eTag()).isEqualTo(v2Etag);
        // part 3: the rest of the old version
        UploadPartCopyResponse p3 = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(3)
                .copySourceRange("bytes=" + PART + "-" + (v1Data.length - 1)));

        // source conditions failing: 412, and nothing recorded
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(4)
                .copySourceIfMatch(quoted(md5Hex(v1Data)))), 412, "PreconditionFailed");
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(4)
                .copySourceIfNoneMatch(v2Etag)), 412, "PreconditionFailed");
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(4)
                .copySourceIfUnmodifiedSince(Instant.now().minusSeconds(3600))), 412, "PreconditionFailed");
        // a range outside the source
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(4)
                .copySourceRange("bytes=0-" + v2Data.length)), 400, null);
        s3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("nope")
                .destinationBucket(bucket).destinationKey("dst").uploadId(id).partNumber(4)), 404, "NoSuchKey");
        assertThat(s3.listParts(b -> b.bucket(bucket).key("dst").uploadId(id)).parts()).extracting(Part::partNumber)
                .containsExactly(1, 2, 3);

        CompleteMultipartUploadResponse done = complete(bucket, "dst", id, List.of(
                cp(1, p1.copyPartResult().eTag()), cp(2, p2.copyPartResult().eTag()),
                cp(3, p3.copyPartResult().eTag())));
        byte[] expected = concat(Arrays.copyOfRange(v1Data, 0, PART), v2Data,
                Arrays.copyOfRange(v1Data, PART, v1Data.length));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst").versionId(done.versionId())).asByteArray())
                .isEqualTo(expected);
        assertThat(v2).isNotEqualTo(v1);

        // a multipart source, copied across its part boundaries
        String id2 = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst2")).uploadId();
        int from = PART - 100;
        int to = PART + 3 * MIB + 99;
        UploadPartCopyResponse c = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("dst")
                .destinationBucket(bucket).destinationKey("dst2").uploadId(id2).partNumber(1)
                .copySourceRange("bytes=" + from + "-" + to));
        complete(bucket, "dst2", id2, List.of(cp(1, c.copyPartResult().eTag())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst2")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(expected, from, to + 1));
    }

    // ---- versioned and suspended buckets ----

    @Test
    void multipartUploadsProduceVersionsLikePutObject() {
        String bucket = bucket("versioned");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("simple")).versionId();
        byte[][] parts = {bytes(121, PART), bytes(122, 10)};
        CompleteMultipartUploadResponse m1 = upload(bucket, "k", parts);
        assertThat(m1.versionId()).isNotNull().isNotIn("null", v1);
        byte[][] parts2 = {bytes(123, PART), bytes(124, 20)};
        CompleteMultipartUploadResponse m2 = upload(bucket, "k", parts2);
        assertThat(m2.versionId()).isNotIn("null", v1, m1.versionId());
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(ObjectVersion::versionId)
                .containsExactly(m2.versionId(), m1.versionId(), v1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v1)).asUtf8String()).isEqualTo("simple");
        ResponseBytes<GetObjectResponse> old = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .versionId(m1.versionId()));
        assertThat(old.asByteArray()).isEqualTo(concat(parts));
        assertThat(old.response().eTag()).isEqualTo(multipartEtag(parts));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(m1.versionId()).partNumber(2))
                .asByteArray()).isEqualTo(parts[1]);
        ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
        assertThat(latest.asByteArray()).isEqualTo(concat(parts2));
        assertThat(latest.response().versionId()).isEqualTo(m2.versionId());

        // suspended: "null", replacing the previous null version, older versions kept
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(
                BucketVersioningStatus.SUSPENDED)));
        byte[][] parts3 = {bytes(125, PART), bytes(126, 30)};
        CompleteMultipartUploadResponse n1 = upload(bucket, "k", parts3);
        assertThat(n1.versionId()).isEqualTo("null");
        byte[][] parts4 = {bytes(127, PART), bytes(128, 40)};
        CompleteMultipartUploadResponse n2 = upload(bucket, "k", parts4);
        assertThat(n2.versionId()).isEqualTo("null");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(ObjectVersion::versionId)
                .containsExactly("null", m2.versionId(), m1.versionId(), v1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId("null")).asByteArray())
                .isEqualTo(concat(parts4));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(m2.versionId())).asByteArray())
                .isEqualTo(concat(parts2));

        // a multipart version behind a delete marker, and removed by id
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").partNumber(1)), 404, "NoSuchKey");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(m1.versionId()));
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(m1.versionId())), 404,
                "NoSuchVersion");
    }

    // ---- disk space ----

    @Test
    void partsOfAbortedReplacedAndOverwrittenUploadsAreReclaimedOnDisk() throws IOException {
        String bucket = bucket("reclaim");
        long base = dataFiles();

        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        uploadPart(bucket, "k", id, 1, bytes(131, PART));
        uploadPart(bucket, "k", id, 2, bytes(132, PART));
        uploadPart(bucket, "k", id, 3, bytes(133, 100));
        assertThat(dataFiles()).as("every part is a file, even a small one").isEqualTo(base + 3);
        uploadPart(bucket, "k", id, 2, bytes(134, PART));
        assertThat(dataFiles()).as("a replaced part's file is freed").isEqualTo(base + 3);
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(id));
        assertThat(dataFiles()).as("after abort").isEqualTo(base);

        // parts left out of the completion are freed; the ones used become the object's
        String id2 = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = uploadPart(bucket, "k", id2, 1, bytes(135, PART)).eTag();
        uploadPart(bucket, "k", id2, 2, bytes(136, PART));
        String e3 = uploadPart(bucket, "k", id2, 3, bytes(137, 100)).eTag();
        complete(bucket, "k", id2, List.of(cp(1, e1), cp(3, e3)));
        assertThat(dataFiles()).as("after complete with parts 1 and 3").isEqualTo(base + 2);

        // overwriting the completed object frees its parts (inline PUT: no file of its own)
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("small"));
        assertThat(dataFiles()).as("after overwrite").isEqualTo(base);

        // overwriting with another multipart object, then deleting it
        upload(bucket, "k", new byte[][]{bytes(138, PART), bytes(139, 10)});
        upload(bucket, "k", new byte[][]{bytes(140, PART), bytes(141, 10)});
        assertThat(dataFiles()).isEqualTo(base + 2);
        s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(dataFiles()).as("after delete").isEqualTo(base);

        // versioned: parts live as long as their version
        String vb = bucket("reclaim-v");
        s3.putBucketVersioning(b -> b.bucket(vb).versioningConfiguration(c -> c.status(
                BucketVersioningStatus.ENABLED)));
        String mv1 = upload(vb, "k", new byte[][]{bytes(142, PART), bytes(143, 10)}).versionId();
        String mv2 = upload(vb, "k", new byte[][]{bytes(144, PART), bytes(145, 10)}).versionId();
        String marker = s3.deleteObject(b -> b.bucket(vb).key("k")).versionId();
        assertThat(dataFiles()).isEqualTo(base + 4);
        s3.deleteObject(b -> b.bucket(vb).key("k").versionId(mv1));
        assertThat(dataFiles()).isEqualTo(base + 2);
        s3.deleteObject(b -> b.bucket(vb).key("k").versionId(mv2));
        s3.deleteObject(b -> b.bucket(vb).key("k").versionId(marker));
        assertThat(dataFiles()).isEqualTo(base);

        // deleting a bucket with an upload in progress frees the upload's parts
        String db = bucket("reclaim-del");
        String id3 = s3.createMultipartUpload(b -> b.bucket(db).key("k")).uploadId();
        uploadPart(db, "k", id3, 1, bytes(146, 1000));
        assertThat(dataFiles()).isEqualTo(base + 1);
        s3.deleteBucket(b -> b.bucket(db));
        assertThat(dataFiles()).isEqualTo(base);
        assertThat(tmpFiles()).isZero();
    }

    // ---- helpers ----

    private static long dataFiles() throws IOException {
        try (Stream<Path> s = Files.walk(server.dataDir().resolve(".cairn").resolve("data"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static long tmpFiles() throws IOException {
        try (Stream<Path> s = Files.list(server.dataDir().resolve(".cairn").resolve("tmp"))) {
            return s.count();
        }
    }

    private static CompleteMultipartUploadResponse upload(String bucket, String key, byte[][] parts) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            done.add(cp(i + 1, uploadPart(bucket, key, id, i + 1, parts[i]).eTag()));
        }
        return complete(bucket, key, id, done);
    }

    private static UploadPartResponse uploadPart(String bucket, String key, String id, int n, byte[] data) {
        return s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(data));
    }

    private static CompleteMultipartUploadResponse complete(String bucket, String key, String id,
                                                            List<CompletedPart> parts) {
        return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
    }

    private static CompletedPart cp(int n, String etag) {
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    private static String bucket(String name) {
        return createBucket("mp-" + name);
    }

    /** S3's multipart ETag: the MD5 of the concatenated binary part MD5s, a dash, the part count; quoted. */
    static String multipartEtag(byte[][] parts) {
        MessageDigest md = digest("MD5");
        for (byte[] p : parts) {
            md.update(md5(p));
        }
        return quoted(HexFormat.of().formatHex(md.digest()) + "-" + parts.length);
    }

    static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    static byte[] md5(byte[] data) {
        return digest("MD5").digest(data);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw checksum bytes (CRCs big-endian), as S3 base64-encodes them. */
    static byte[] checksum(ChecksumAlgorithm alg, byte[] data) {
        return switch (alg) {
            case CRC32 -> crc(new CRC32(), data);
            case CRC32_C -> crc(new CRC32C(), data);
            case SHA1 -> digest("SHA-1").digest(data);
            case SHA256 -> digest("SHA-256").digest(data);
            default -> throw new IllegalArgumentException(alg.toString());
        };
    }

    private static byte[] crc(Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String checksumOf(UploadPartResponse r, ChecksumAlgorithm alg) {
        return switch (alg) {
            case CRC32 -> r.checksumCRC32();
            case CRC32_C -> r.checksumCRC32C();
            case SHA1 -> r.checksumSHA1();
            case SHA256 -> r.checksumSHA256();
            default -> null;
        };
    }

    private static String checksumOf(CompleteMultipartUploadResponse r, ChecksumAlgorithm alg) {
        return alg == ChecksumAlgorithm.CRC32 ? r.checksumCRC32() : r.checksumSHA256();
    }

    private static String checksumOf(GetObjectResponse r, ChecksumAlgorithm alg) {
        return alg == ChecksumAlgorithm.CRC32 ? r.checksumCRC32() : r.checksumSHA256();
    }
}
