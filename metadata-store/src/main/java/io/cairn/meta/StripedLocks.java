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

    StripedLocks(int keyStripes, int bucketStripes) {
        keyLocks = new ReentrantLock[requirePowerOfTwo(keyStripes)];
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new ReentrantLock();
        }
        bucketLocks = new ReadWriteLock[requirePowerOfTwo(bucketStripes)];
        for (int i = 0; i < bucketLocks.length; i++) {
            bucketLocks[i] = new ReentrantReadWriteLock();
        }
    }

    /** Serialises the read-check-write of one key. */
    ReentrantLock key(long bucketId, String key) {
        return keyLocks[spread(31 * Long.hashCode(bucketId) + key.hashCode()) & (keyLocks.length - 1)];
    }

    /** Object writes hold the read side; deleting the bucket holds the write side. */
    ReadWriteLock bucket(String bucket) {
        return bucketLocks[spread(bucket.hashCode()) & (bucketLocks.length - 1)];
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
