package io.cairn.meta;

/**
 * What a bucket holds.
 *
 * @param objects object versions that are not delete markers, current and noncurrent
 * @param bytes   their content length in bytes (as clients see it: before encryption overhead, whether the content
 *                is here or on a remote tier)
 */
public record BucketUsage(long objects, long bytes) {
}
