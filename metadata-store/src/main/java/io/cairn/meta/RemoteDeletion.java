package io.cairn.meta;

import java.util.Map;
import java.util.Objects;

/**
 * A copy of object content on a remote tier that is waiting to be deleted there. Entries are durable: a version
 * removed for good is queued in the same commit that removes it, so a crash or an unreachable remote never leaks
 * the copy; whoever works the queue retries until the remote confirms.
 *
 * @param id        the entry's id in the queue, assigned by the store (entries list in id order)
 * @param bucket    the bucket the version was in
 * @param key       the version's key
 * @param versionId the version's id
 * @param tier      the version's tier record when it was queued (which tier, which remote object), opaque here
 */
public record RemoteDeletion(String id, String bucket, String key, String versionId, Map<String, String> tier) {
    public RemoteDeletion {
        Objects.requireNonNull(id, "id");
        tier = tier == null ? Map.of() : Map.copyOf(tier);
    }
}
