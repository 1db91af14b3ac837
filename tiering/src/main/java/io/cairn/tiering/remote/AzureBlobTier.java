package io.cairn.tiering.remote;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A tier in an Azure Blob Storage container (or Azurite), blob names under the tier's prefix. Content is written
 * as a block blob: up to one block in one Put Blob, larger content as staged blocks committed at the end, with one
 * block in memory at a time (so the SDK can retry a block from memory). Reads are ranged and streamed.
 */
public final class AzureBlobTier implements RemoteTier {
    static final int BLOCK_SIZE = 8 * 1024 * 1024;
    /** Azure's limit on the committed blocks of one blob. */
    private static final int MAX_BLOCKS = 50_000;
    private static final int READ_BLOCK = 1024 * 1024;

    /**
     * One HTTP client for every Azure tier: the JDK client owns a selector thread that the Azure wrapper offers no
     * way to stop, so clients are not made per tier (a tier redefined would leak one each time).
     */
    private static final HttpClient HTTP = new JdkHttpClientBuilder()
            .connectionTimeout(S3Tier.CONNECT_TIMEOUT)
            .responseTimeout(S3Tier.READ_TIMEOUT)
            .readTimeout(S3Tier.READ_TIMEOUT)
            .writeTimeout(S3Tier.READ_TIMEOUT)
            .build();

    private final String name;
    private final String prefix;
    private final String secret;
    private final String where;
    private final BlobContainerClient container;

    public AzureBlobTier(TierSpec spec) {
        if (spec.type() != TierType.AZURE) {
            throw new IllegalArgumentException("not an azure tier: " + spec);
        }
        String account = spec.setting(TierSettings.ACCOUNT);
        String endpoint = spec.settings().getOrDefault(TierSettings.ENDPOINT,
                "https://" + account + ".blob.core.windows.net");
        this.name = spec.name();
        this.prefix = spec.settings().getOrDefault(TierSettings.PREFIX, "");
        this.secret = spec.setting(TierSettings.ACCOUNT_KEY);
        this.where = "tier " + name + " (" + endpoint + ", container " + spec.setting(TierSettings.CONTAINER) + ")";
        this.container = new BlobContainerClientBuilder()
                .endpoint(endpoint)
                .containerName(spec.setting(TierSettings.CONTAINER))
                .credential(new StorageSharedKeyCredential(account, secret))
                .httpClient(HTTP)
                // The SDK's default waits 4 s growing to 2 min between 4 tries: a dead remote would hold a caller
                // for minutes. Callers retry transient failures later themselves.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, (Duration) null,
                        Duration.ofMillis(200), Duration.ofSeconds(2), null))
                .buildClient();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(String remoteKey, InputStream content, long length) throws TierException {
        String blobName = prefix + remoteKey;
        BlockBlobClient blob = container.getBlobClient(blobName).getBlockBlobClient();
        long blockSize = Math.max(BLOCK_SIZE, (length + MAX_BLOCKS - 1) / MAX_BLOCKS);
        byte[] buffer = new byte[(int) Math.min(blockSize, length)];
        if (length <= blockSize) {
            ExactLengthStream.readFully(content, buffer, buffer.length, 0, length);
            try {
                blob.upload(new ByteArrayInputStream(buffer), length, true);
            } catch (RuntimeException e) {
                throw fail("Put Blob " + blobName, e);
            }
            return;
        }
        List<String> ids = new ArrayList<>();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(blockSize, length - done);
            ExactLengthStream.readFully(content, buffer, n, done, length);
            // Ids of one blob must all have the same length.
            String id = Base64.getEncoder().encodeToString(
                    String.format("cairn-%08d", ids.size()).getBytes(StandardCharsets.US_ASCII));
            try {
                blob.stageBlock(id, new ByteArrayInputStream(buffer, 0, n), n);
            } catch (RuntimeException e) {
                throw fail("Put Block " + ids.size() + " of " + blobName, e);
            }
            ids.add(id);
            done += n;
        }
        // Blocks staged but never committed are discarded by Azure after a week; nothing to clean up on failure.
        try {
            blob.commitBlockList(ids, true);
        } catch (RuntimeException e) {
            throw fail("Put Block List " + blobName, e);
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
        String blobName = prefix + remoteKey;
        try {
            InputStream in = container.getBlobClient(blobName).openInputStream(new BlobInputStreamOptions()
                    .setRange(new BlobRange(offset, length))
                    .setBlockSize(READ_BLOCK));
            return new ExactLengthStream(in, length);
        } catch (RuntimeException e) {
            throw fail("Get Blob " + blobName, e);
        }
    }

    @Override
    public long size(String remoteKey) throws TierException {
        String blobName = prefix + remoteKey;
        try {
            return container.getBlobClient(blobName).getPropertiesWithResponse(null, null, Context.NONE).getValue()
                    .getBlobSize();
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return -1;
            }
            throw fail("Get Blob Properties " + blobName, e);
        } catch (RuntimeException e) {
            throw fail("Get Blob Properties " + blobName, e);
        }
    }

    @Override
    public void delete(String remoteKey) throws TierException {
        String blobName = prefix + remoteKey;
        try {
            container.getBlobClient(blobName).deleteIfExists();
        } catch (RuntimeException e) {
            throw fail("Delete Blob " + blobName, e);
        }
    }

    @Override
    public void verify() throws TierException {
        Probe.roundTrip(this, where);
    }

    /** Nothing to release: the HTTP client is shared, the container client holds no connection of its own. */
    @Override
    public void close() {
    }

    private TierException fail(String what, Throwable e) {
        return AzureFailures.map(where + ": " + what, e, secret);
    }

    @Override
    public String toString() {
        return where;
    }
}
