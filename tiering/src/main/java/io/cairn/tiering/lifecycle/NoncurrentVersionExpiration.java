package io.cairn.tiering.lifecycle;

/**
 * {@code <NoncurrentVersionExpiration>}: a noncurrent version is removed {@code noncurrentDays} after it became
 * noncurrent, but only when at least {@code newerNoncurrentVersions} newer noncurrent versions exist (null: no
 * such condition). Absent fields are null.
 */
public record NoncurrentVersionExpiration(Integer noncurrentDays, Integer newerNoncurrentVersions) {
}
