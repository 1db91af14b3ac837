package io.cairn.server.s3;

/**
 * A resolved byte range of an object (inclusive first, length). Parses the single-range forms S3 supports:
 * {@code bytes=first-last}, {@code bytes=first-} and {@code bytes=-suffix}.
 */
public record ByteRange(long first, long length) {

    public long last() {
        return first + length - 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last() + "/" + size;
    }

    /**
     * @return the range, or null when the header is absent or not a single range S3 understands (then the whole
     * object is served, as S3 and RFC 9110 do)
     * @throws S3Exception InvalidRange (416) when the range cannot be satisfied by an object of {@code size}
     */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix < 0) {
                    return null;
                }
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                long len = Math.min(suffix, size);
                return new ByteRange(size - len, len);
            }
            long first = Long.parseLong(a);
            if (first < 0) {
                return null;
            }
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) {
                return null;
            }
            if (first >= size) {
                throw unsatisfiable(size);
            }
            last = Math.min(last, size - 1);
            return new ByteRange(first, last - first + 1);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static S3Exception unsatisfiable(long size) {
        return new S3Exception(S3Error.INVALID_RANGE)
                .detail("ActualObjectSize", String.valueOf(size))
                .header("Content-Range", "bytes */" + size);
    }
}
