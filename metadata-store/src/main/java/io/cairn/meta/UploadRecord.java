package io.cairn.meta;

import java.time.Instant;
import java.util.Map;

/**
 * An initiated, not yet completed or aborted, multipart upload.
 *
 * @param key       the object key it will create
 * @param uploadId  its id (opaque, unguessable; the server chooses it)
 * @param initiated when CreateMultipartUpload ran
 * @param headers   the object headers to store on completion (as {@link ObjectVersion#headers()})
 * @param options   other settings fixed at creation that later features need (e.g. checksum algorithm,
 *                  storage class, encryption), name to value
 * @param owner     the access key that initiated it
 * @param tags      the tags the object gets on completion (x-amz-tagging at creation), in the order given; empty
 *                  when none
 */
public record UploadRecord(String key, String uploadId, Instant initiated, Map<String, String> headers,
                           Map<String, String> options, String owner, Map<String, String> tags) {

    public UploadRecord {
        tags = tags == null ? Map.of() : tags;
    }

    /** An upload whose object gets no tags. */
    public UploadRecord(String key, String uploadId, Instant initiated, Map<String, String> headers,
                        Map<String, String> options, String owner) {
        this(key, uploadId, initiated, headers, options, owner, Map.of());
    }
}
