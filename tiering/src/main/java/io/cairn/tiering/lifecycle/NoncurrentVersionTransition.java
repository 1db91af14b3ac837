package io.cairn.tiering.lifecycle;

/**
 * {@code <NoncurrentVersionTransition>}: a noncurrent version moves to the tier {@code storageClass}
 * {@code noncurrentDays} after it became noncurrent (0 allowed), when at least {@code newerNoncurrentVersions}
 * newer noncurrent versions exist (null: no such condition). Absent fields are null.
 */
public record NoncurrentVersionTransition(Integer noncurrentDays, Integer newerNoncurrentVersions,
                                          String storageClass) {
}
