package io.cairn.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Reads multipart uploads and their parts ({@link UploadKeys} has the layouts).
 *
 * <p>Upload ids are the server's choice and carry no stamp, so an upload is found by walking the uploads of
 * its key, comparing raw keys only: normally one or two.
 */
final class Uploads {

    /** An upload with what locates its records: its RocksDB key, and the stamp that is part of its parts' keys. */
    record Found(byte[] rawKey, long stamp, byte[] uploadId, UploadRecord record) {
    }

    /** A part with its RocksDB key. */
    record StoredPart(byte[] rawKey, PartRecord part) {
    }

    private final RocksHandles rocks;

    Uploads(RocksHandles rocks) {
        this.rocks = rocks;
    }

    Optional<Found> find(long bucketId, String key, String uploadId) throws RocksDBException {
        byte[] k = KeyCodec.utf8(key);
        byte[] id = KeyCodec.utf8(uploadId);
        try (Slice end = new Slice(KeyCodec.afterVersions(bucketId, k));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.uploads(), options)) {
            for (it.seek(KeyCodec.firstVersion(bucketId, k)); it.isValid(); it.next()) {
                byte[] raw = it.key();
                if (UploadKeys.hasUploadId(raw, k.length, id)) {
                    return Optional.of(new Found(raw, UploadKeys.stamp(raw), id,
                            RecordCodec.decodeUpload(it.value())));
                }
            }
            it.status();
            return Optional.empty();
        }
    }

    /** The raw keys of a key's uploads, oldest first. */
    List<byte[]> ofKey(long bucketId, byte[] key) throws RocksDBException {
        return rawKeys(rocks.uploads(), KeyCodec.firstVersion(bucketId, key), KeyCodec.afterVersions(bucketId, key));
    }

    Optional<PartRecord> part(long bucketId, Found upload, int partNumber) throws RocksDBException {
        byte[] value = rocks.db().get(rocks.parts(), partKey(bucketId, upload, partNumber));
        return value == null ? Optional.empty() : Optional.of(RecordCodec.decodePart(value));
    }

    byte[] partKey(long bucketId, Found upload, int partNumber) {
        return UploadKeys.part(bucketId, upload.stamp(), upload.uploadId(), partNumber);
    }

    /** Every part, ascending by number. */
    List<StoredPart> parts(long bucketId, Found upload) throws RocksDBException {
        return parts(bucketId, upload, 0, Integer.MAX_VALUE);
    }

    /** Up to {@code max} parts numbered above {@code after}, ascending, plus one more when there is one. */
    List<StoredPart> parts(long bucketId, Found upload, int after, int max) throws RocksDBException {
        List<StoredPart> found = new ArrayList<>();
        byte[] start = partKey(bucketId, upload, after);
        try (Slice end = new Slice(UploadKeys.afterParts(bucketId, upload.stamp(), upload.uploadId()));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.parts(), options)) {
            for (it.seek(KeyCodec.successor(start)); it.isValid() && found.size() <= max; it.next()) {
                found.add(new StoredPart(it.key(), RecordCodec.decodePart(it.value())));
            }
            it.status();
        }
        return found;
    }

    /** Raw keys of every upload of a bucket. */
    List<byte[]> bucketUploads(long bucketId) throws RocksDBException {
        return rawKeys(rocks.uploads(), KeyCodec.bucketStart(bucketId), KeyCodec.bucketEnd(bucketId));
    }

    /** Every part of every upload of a bucket. */
    List<StoredPart> bucketParts(long bucketId) throws RocksDBException {
        List<StoredPart> found = new ArrayList<>();
        try (Slice end = new Slice(KeyCodec.bucketEnd(bucketId));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.parts(), options)) {
            for (it.seek(KeyCodec.bucketStart(bucketId)); it.isValid(); it.next()) {
                found.add(new StoredPart(it.key(), RecordCodec.decodePart(it.value())));
            }
            it.status();
        }
        return found;
    }

    private List<byte[]> rawKeys(ColumnFamilyHandle cf, byte[] from, byte[] to) throws RocksDBException {
        List<byte[]> found = new ArrayList<>();
        try (Slice end = new Slice(to);
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(cf, options)) {
            for (it.seek(from); it.isValid(); it.next()) {
                found.add(it.key());
            }
            it.status();
        }
        return found;
    }
}
