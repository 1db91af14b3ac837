package io.cairn.meta;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Fixed pools of locks chosen by hash, so memory stays bounded however many keys and buckets there are. Two
 * names sharing a stripe merely wait for each other.
 */
final class StripedLocks {

    private final ReentrantLock[] keyLocks;
    private final ReadWriteLock[] bucketLocks;
    private final ReadWriteLock[] uploadLocks;
    private final ReentrantLock[] partLocks;

    StripedLocks(int keyStripes, int bucketStripes, int uploadStripes) {
        keyLocks = mutexes(keyStripes);
        bucketLocks = readWriteLocks(bucketStripes);
        uploadLocks = readWriteLocks(uploadStripes);
        partLocks = mutexes(uploadStripes);
    }

    /** Serialises the read-check-write of one key. */
    ReentrantLock key(long bucketId, String key) {
        return keyLocks[index(bucketId, key.hashCode(), keyLocks.length)];
    }

    /**
     * Object and upload writes hold the read side; deleting the bucket and changing its versioning hold the
     * write side.
     */
    ReadWriteLock bucket(String bucket) {
        return bucketLocks[spread(bucket.hashCode()) & (bucketLocks.length - 1)];
    }

    /**
     * Part uploads hold the read side, so the parts of one upload commit concurrently; completing or aborting
     * the upload holds the write side, so a part is either in what they read or refused afterwards.
     */
    ReadWriteLock upload(long bucketId, String uploadId) {
        return uploadLocks[index(bucketId, uploadId.hashCode(), uploadLocks.length)];
    }

    /** Serialises the read-replace-write of one part number, so a replaced part is handed back exactly once. */
    ReentrantLock part(long bucketId, String uploadId, int partNumber) {
        return partLocks[index(bucketId, 31 * uploadId.hashCode() + partNumber, partLocks.length)];
    }

    private static int index(long bucketId, int hash, int stripes) {
        return spread(31 * Long.hashCode(bucketId) + hash) & (stripes - 1);
    }

    private static ReentrantLock[] mutexes(int stripes) {
        ReentrantLock[] locks = new ReentrantLock[requirePowerOfTwo(stripes)];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
        return locks;
    }

    private static ReadWriteLock[] readWriteLocks(int stripes) {
        ReadWriteLock[] locks = new ReadWriteLock[requirePowerOfTwo(stripes)];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
        return locks;
    }

    /** String hashes differ mostly in low bits for similar names; mixing keeps neighbours off one stripe. */
    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int requirePowerOfTwo(int n) {
        if (n <= 0 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + n);
        }
        return n;
    }
}
