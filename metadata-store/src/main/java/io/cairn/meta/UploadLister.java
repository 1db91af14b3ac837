package io.cairn.meta;

import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * One page of ListMultipartUploads over a bucket's range of the {@code uploads} column family, whose order
 * (key, then initiation) is already S3's.
 *
 * <p>A page starts after {@code keyMarker}'s uploads, or, with {@code uploadIdMarker}, after that upload of
 * {@code keyMarker}; a common prefix at or before {@code keyMarker} is not repeated. Upload ids carry no
 * position, so when the marker upload is gone (completed or aborted meanwhile) the key's uploads are listed
 * from its oldest again rather than risk skipping one.
 */
final class UploadLister {

    private final long bucketId;
    private final KeyGrouping grouping;
    private final String keyMarker;
    private final String uploadIdMarker;
    private final int maxUploads;

    UploadLister(long bucketId, UploadQuery query) {
        if (query.maxUploads() < 0) {
            throw new IllegalArgumentException("maxUploads must not be negative: " + query.maxUploads());
        }
        this.bucketId = bucketId;
        this.grouping = new KeyGrouping(query.prefix(), query.delimiter());
        this.keyMarker = query.keyMarker();
        this.uploadIdMarker = query.uploadIdMarker();
        this.maxUploads = query.maxUploads();
    }

    byte[] upperBound() {
        return KeyCodec.afterPrefix(bucketId, grouping.prefix());
    }

    UploadPage list(Cursor c) throws RocksDBException {
        if (maxUploads == 0 || grouping.matchesNothing()) {
            return new UploadPage(List.of(), List.of(), false, null, null);
        }
        byte[] start = KeyCodec.prefixStart(bucketId, grouping.prefix());
        byte[] k = KeyGrouping.markerBytes(keyMarker);
        if (k != null) {
            byte[] group = grouping.groupOf(k);
            byte[] resume;
            if (group != null) {
                resume = KeyCodec.afterPrefix(bucketId, group);
            } else if (uploadIdMarker == null || KeyGrouping.namesNoKey(keyMarker)) {
                resume = KeyCodec.afterVersions(bucketId, k);
            } else {
                resume = afterUpload(c, k);
            }
            if (Arrays.compareUnsigned(resume, start) > 0) {
                start = resume;
            }
        }
        c.seek(start);
        GroupedWalk.Result<UploadRecord> r = GroupedWalk.walk(c, bucketId, grouping, maxUploads,
                UploadKeys::userKey, (key, value) -> RecordCodec.decodeUpload(value));
        if (!r.truncated()) {
            return new UploadPage(r.items(), r.prefixes(), false, null, null);
        }
        return r.lastPrefix() != null
                ? new UploadPage(r.items(), r.prefixes(), true, r.lastPrefix(), null)
                : new UploadPage(r.items(), r.prefixes(), true, r.lastItem().key(), r.lastItem().uploadId());
    }

    private byte[] afterUpload(Cursor c, byte[] key) throws RocksDBException {
        byte[] first = KeyCodec.firstVersion(bucketId, key);
        byte[] end = KeyCodec.afterVersions(bucketId, key);
        byte[] id = KeyCodec.utf8(uploadIdMarker);
        for (c.seek(first); c.isValid() && Arrays.compareUnsigned(c.key(), end) < 0; c.next()) {
            if (UploadKeys.hasUploadId(c.key(), key.length, id)) {
                return KeyCodec.successor(c.key());
            }
        }
        c.checkStatus();
        return first;
    }
}
