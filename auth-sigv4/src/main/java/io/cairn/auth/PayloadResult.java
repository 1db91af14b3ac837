package io.cairn.auth;

import java.util.Map;

/**
 * What a fully read and verified body was.
 *
 * @param length    decoded content length in bytes
 * @param md5       MD5 of the decoded content (16 bytes); S3's ETag for single-part objects
 * @param checksums the flexible checksums that were requested and verified, base64 as S3 returns them
 */
public record PayloadResult(long length, byte[] md5, Map<ChecksumAlgorithm, String> checksums) {
}
