package io.cairn.auth;

/** The S3 flexible checksum algorithms. */
public enum ChecksumAlgorithm {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256;

    /** e.g. {@code x-amz-checksum-crc32} */
    public String headerName() {
        return "x-amz-checksum-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the value of x-amz-sdk-checksum-algorithm / x-amz-checksum-algorithm (case-insensitive), or null. */
    public static ChecksumAlgorithm fromName(String name) {
        if (name == null) {
            return null;
        }
        for (ChecksumAlgorithm a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        return null;
    }

    /** Parses a header name such as {@code x-amz-checksum-crc32c} (case-insensitive), or null. */
    public static ChecksumAlgorithm fromHeaderName(String header) {
        if (header == null) {
            return null;
        }
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName().equalsIgnoreCase(header.trim())) {
                return a;
            }
        }
        return null;
    }
}
