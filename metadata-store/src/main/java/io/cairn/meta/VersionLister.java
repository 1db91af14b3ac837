package io.cairn.meta;

import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * One page of ListObjectVersions over a bucket's range of the {@code objects} column family, whose order (key,
 * then newest first) is already S3's.
 *
 * <p>Semantics: the listing is the sequence of every version and delete marker of keys with the prefix, except
 * that keys rolling up into a common prefix yield that prefix once instead. A page starts after the marker:
 * after every version of {@code keyMarker}, or, with {@code versionIdMarker}, after that version of
 * {@code keyMarker}; a common prefix at or before {@code keyMarker} is not repeated. Because version ids carry
 * their stamp, a marker whose version was deleted meanwhile still resumes at the right place (as a listing that
 * deletes what it lists needs); only a vanished "null" version has no position, and the key is then listed from
 * its newest version again rather than risk skipping any.
 */
final class VersionLister {

    private final long bucketId;
    private final KeyGrouping grouping;
    private final String keyMarker;
    private final String versionIdMarker;
    private final int maxKeys;

    VersionLister(long bucketId, VersionQuery query) {
        if (query.maxKeys() < 0) {
            throw new IllegalArgumentException("maxKeys must not be negative: " + query.maxKeys());
        }
        String vid = query.versionIdMarker();
        if (vid != null && !ObjectVersion.NULL_VERSION.equals(vid) && VersionIds.stampOf(vid) < 0) {
            throw new IllegalArgumentException("invalid version id marker: " + vid);
        }
        this.bucketId = bucketId;
        this.grouping = new KeyGrouping(query.prefix(), query.delimiter());
        this.keyMarker = query.keyMarker();
        this.versionIdMarker = vid;
        this.maxKeys = query.maxKeys();
    }

    byte[] upperBound() {
        return KeyCodec.afterPrefix(bucketId, grouping.prefix());
    }

    VersionPage list(Cursor c) throws RocksDBException {
        if (maxKeys == 0 || grouping.matchesNothing()) {
            return new VersionPage(List.of(), List.of(), false, null, null);
        }
        byte[] start = KeyCodec.prefixStart(bucketId, grouping.prefix());
        // The key whose newest version lies before the start: its first listed version is not its latest.
        byte[] startedWithin = null;
        byte[] k = KeyGrouping.markerBytes(keyMarker);
        if (k != null) {
            byte[] group = grouping.groupOf(k);
            byte[] resume;
            if (group != null) {
                resume = KeyCodec.afterPrefix(bucketId, group);
            } else if (versionIdMarker == null || KeyGrouping.namesNoKey(keyMarker)) {
                resume = KeyCodec.afterVersions(bucketId, k);
            } else {
                resume = afterVersion(c, k);
                c.seek(KeyCodec.firstVersion(bucketId, k));
                if (c.isValid() && KeyCodec.isVersionOf(c.key(), bucketId, k)
                        && Arrays.compareUnsigned(c.key(), resume) < 0) {
                    startedWithin = k;
                }
            }
            if (Arrays.compareUnsigned(resume, start) > 0) {
                start = resume;
            }
        }
        c.seek(start);
        byte[][] previousKey = {startedWithin};
        GroupedWalk.Result<VersionPage.Entry> r = GroupedWalk.walk(c, bucketId, grouping, maxKeys,
                KeyCodec::userKey, (key, value) -> {
                    boolean latest = !Arrays.equals(key, previousKey[0]);
                    previousKey[0] = key;
                    return new VersionPage.Entry(RecordCodec.decodeListed(value, value.length).version(), latest);
                });
        if (!r.truncated()) {
            return new VersionPage(r.items(), r.prefixes(), false, null, null);
        }
        return r.lastPrefix() != null
                ? new VersionPage(r.items(), r.prefixes(), true, r.lastPrefix(), null)
                : new VersionPage(r.items(), r.prefixes(), true, r.lastItem().version().key(),
                        r.lastItem().version().versionId());
    }

    /** Where the versions of {@code key} older than the marker version begin. */
    private byte[] afterVersion(Cursor c, byte[] key) throws RocksDBException {
        if (!ObjectVersion.NULL_VERSION.equals(versionIdMarker)) {
            return KeyCodec.successor(KeyCodec.version(bucketId, key, VersionIds.stampOf(versionIdMarker)));
        }
        for (c.seek(KeyCodec.firstVersion(bucketId, key));
             c.isValid() && KeyCodec.isVersionOf(c.key(), bucketId, key); c.next()) {
            if (ObjectVersion.NULL_VERSION.equals(RecordCodec.versionId(c.value()))) {
                return KeyCodec.successor(c.key());
            }
        }
        c.checkStatus();
        return KeyCodec.firstVersion(bucketId, key);
    }
}
