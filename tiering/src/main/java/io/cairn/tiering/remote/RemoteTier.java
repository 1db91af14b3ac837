package io.cairn.tiering.remote;

import java.io.InputStream;

/**
 * A remote store that lifecycle transitions move cold content to (an S3-compatible bucket, an Azure Blob
 * container), addressed by keys the caller chooses. It receives content exactly as Cairn stores it (sealed, when
 * the object is encrypted), so it never sees plaintext of an encrypted object. Implementations are thread-safe.
 */
public interface RemoteTier extends AutoCloseable {

    /** The tier's name (the storage class lifecycle rules and x-amz-storage-class use). */
    String name();

    /**
     * Stores {@code length} bytes read from {@code content} under {@code remoteKey}, replacing what is there, and
     * returns once the remote has acknowledged them durably.
     *
     * @throws TierException when the remote refuses or cannot be reached, or {@code content} ends early
     */
    void put(String remoteKey, InputStream content, long length) throws TierException;

    /**
     * Bytes {@code [offset, offset + length)} of a remote object, as a stream the caller closes.
     *
     * @throws TierException when the remote refuses or cannot be reached, or the object is missing
     */
    InputStream get(String remoteKey, long offset, long length) throws TierException;

    /** The remote object's size, or -1 when there is none. */
    long size(String remoteKey) throws TierException;

    /** Removes a remote object; one that does not exist is not an error. */
    void delete(String remoteKey) throws TierException;

    /** Checks that the remote is reachable and the credentials may write, read and delete (with a probe object). */
    void verify() throws TierException;

    @Override
    void close();
}
