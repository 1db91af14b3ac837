package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartRef;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the bytes of an object (or a range of it) are: inline in the record, in its data file, or spread over
 * its parts' data files. GET, CopyObject and UploadPartCopy all read through this one mapping.
 */
final class ObjectContent {
    private ObjectContent() {
    }

    /**
     * A contiguous piece: {@code length} bytes at {@code offset} of an inline array or of a data file, whose whole
     * content is {@code unitSize} bytes (the object's or the part's: an encrypted unit is one sealed stream, so
     * these are plaintext coordinates within it). {@code unit} is the unit's position (0, or the part's index in
     * object order): content on a remote tier is found by it, there being no local data file.
     */
    record Segment(String dataId, byte[] inline, long offset, long length, long unitSize, int unit) {
    }

    /** The segments covering {@code [first, first + length)} of {@code v}, in order. */
    static List<Segment> segments(ObjectVersion v, long first, long length) {
        List<Segment> out = new ArrayList<>();
        if (length <= 0) {
            return out;
        }
        if (!v.isMultipart()) {
            out.add(new Segment(v.dataId(), v.inline(), first, length, v.size(), 0));
            return out;
        }
        long partStart = 0;
        long end = first + length;
        for (int i = 0; i < v.parts().size(); i++) {
            PartRef p = v.parts().get(i);
            long partEnd = partStart + p.size();
            if (partEnd > first && partStart < end) {
                long from = Math.max(first, partStart);
                long to = Math.min(end, partEnd);
                out.add(new Segment(p.dataId(), null, from - partStart, to - from, p.size(), i));
            }
            if (partEnd >= end) {
                break;
            }
            partStart = partEnd;
        }
        return out;
    }

    /** Whether any byte of {@code v} is in a data file rather than in its record (parts always are). */
    static boolean inFiles(ObjectVersion v) {
        return v.size() > 0 && (v.isMultipart() || v.inline() == null);
    }

    /** Byte offset and length of part {@code partNumber} (1-based position in the part list), or null. */
    static long[] partRange(ObjectVersion v, int partNumber) {
        if (!v.isMultipart()) {
            return partNumber == 1 ? new long[]{0, v.size()} : null;
        }
        if (partNumber < 1 || partNumber > v.parts().size()) {
            return null;
        }
        long offset = 0;
        for (int i = 0; i < partNumber - 1; i++) {
            offset += v.parts().get(i).size();
        }
        return new long[]{offset, v.parts().get(partNumber - 1).size()};
    }

    static int partsCount(ObjectVersion v) {
        return v.isMultipart() ? v.parts().size() : 1;
    }
}
