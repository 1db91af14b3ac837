package io.cairn.tiering.remote;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A tier in a bucket of any S3-compatible endpoint, keys under the tier's prefix. Content streams through with its
 * length known: one PutObject up to {@link #MULTIPART_THRESHOLD}, above it a multipart upload holding one part in
 * memory at a time. Connect and read timeouts bound every call, so a dead remote fails a call, never hangs it.
 * Every RuntimeException of a call is mapped, not only the SDK's own: a stale pooled connection surfaces from the
 * URL-connection client as an UncheckedIOException.
 */
public final class S3Tier implements RemoteTier {
    static final long MULTIPART_THRESHOLD = 64L * 1024 * 1024;
    static final int PART_SIZE = 8 * 1024 * 1024;
    /** S3's limit on the parts of one upload. */
    private static final int MAX_PARTS = 10_000;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    /** The SDK can replay this much of a single PutObject's stream when it retries. */
    private static final int REPLAY_BUFFER = 128 * 1024;

    private final String name;
    private final String bucket;
    private final String prefix;
    private final String secret;
    private final String where;
    private final S3Client client;

    public S3Tier(TierSpec spec) {
        if (spec.type() != TierType.S3) {
            throw new IllegalArgumentException("not an s3 tier: " + spec);
        }
        this.name = spec.name();
        this.bucket = spec.setting(TierSettings.BUCKET);
        this.prefix = spec.settings().getOrDefault(TierSettings.PREFIX, "");
        this.secret = spec.setting(TierSettings.SECRET_KEY);
        this.where = "tier " + name + " (" + spec.setting(TierSettings.ENDPOINT) + ", bucket " + bucket + ")";
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .endpointOverride(TierSettings.endpoint(spec.setting(TierSettings.ENDPOINT)))
                .region(Region.of(spec.setting(TierSettings.REGION)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        spec.setting(TierSettings.ACCESS_KEY), secret)))
                .forcePathStyle(Boolean.parseBoolean(spec.setting(TierSettings.PATH_STYLE)))
                // Checksums only where S3 requires them: many S3-compatible stores refuse the newer trailing
                // checksums. Bodies are still protected by TLS, or by chunk signatures over plain http.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(String remoteKey, InputStream content, long length) throws TierException {
        String key = prefix + remoteKey;
        if (length > MULTIPART_THRESHOLD) {
            putMultipart(key, content, length);
            return;
        }
        ExactLengthStream exact = new ExactLengthStream(content, length);
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentLength(length),
                    RequestBody.fromInputStream(new BufferedInputStream(exact, REPLAY_BUFFER), length));
        } catch (RuntimeException e) {
            throw exact.endedEarly() ? shortContent(exact) : fail("PutObject " + key, e);
        }
    }

    private void putMultipart(String key, InputStream content, long length) throws TierException {
        String uploadId;
        try {
            uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (RuntimeException e) {
            throw fail("CreateMultipartUpload " + key, e);
        }
        try {
            long partSize = Math.max(PART_SIZE, (length + MAX_PARTS - 1) / MAX_PARTS);
            byte[] buffer = new byte[(int) partSize];
            List<CompletedPart> parts = new ArrayList<>();
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(partSize, length - done);
                ExactLengthStream.readFully(content, buffer, n, done, length);
                int number = parts.size() + 1;
                String etag;
                try {
                    // The part is replayed from the buffer if the SDK retries it.
                    etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                    .partNumber(number).contentLength((long) n),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, n), n,
                                    "application/octet-stream")).eTag();
                } catch (RuntimeException e) {
                    throw fail("UploadPart " + number + " of " + key, e);
                }
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                done += n;
            }
            try {
                client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (RuntimeException e) {
                throw fail("CompleteMultipartUpload " + key, e);
            }
        } catch (TierException | RuntimeException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    /** Frees the parts already stored; when that fails too, the remote's own multipart expiry is the fallback. */
    private void abort(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the original failure is what the caller needs to hear about
        }
    }

    @Override
    public InputStream get(String remoteKey, long offset, long length) throws TierException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String key = prefix + remoteKey;
        try {
            InputStream in = client.getObject(b -> b.bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
            return new ExactLengthStream(in, length);
        } catch (RuntimeException e) {
            throw fail("GetObject " + key, e);
        }
    }

    @Override
    public long size(String remoteKey) throws TierException {
        String key = prefix + remoteKey;
        try {
            return client.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw fail("HeadObject " + key, e);
        } catch (RuntimeException e) {
            throw fail("HeadObject " + key, e);
        }
    }

    @Override
    public void delete(String remoteKey) throws TierException {
        String key = prefix + remoteKey;
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            throw fail("DeleteObject " + key, e);
        }
    }

    @Override
    public void verify() throws TierException {
        Probe.roundTrip(this, where);
    }

    @Override
    public void close() {
        client.close();
    }

    private TierException fail(String what, Throwable e) {
        return S3Failures.map(where + ": " + what, e, secret);
    }

    private TierException shortContent(ExactLengthStream exact) {
        return new TierException(where + ": content ended after " + exact.bytesRead() + " of " + exact.length()
                + " bytes", false, null);
    }

    @Override
    public String toString() {
        return where;
    }
}
