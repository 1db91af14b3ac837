package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Time;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/** Conditional requests: reads (RFC 9110 order, as S3), copy sources, and conditional writes. */
final class Conditions {
    private Conditions() {
    }

    /** GET/HEAD: 412 when If-Match / If-Unmodified-Since fail; 304 when If-None-Match / If-Modified-Since say so. */
    static void checkRead(S3Request req, ObjectVersion v) {
        String ifMatch = req.header("if-match");
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, v.etag())) {
                throw new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "If-Match");
            }
        } else if (modifiedSince(req.header("if-unmodified-since"), v, true)) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "If-Unmodified-Since");
        }
        String ifNoneMatch = req.header("if-none-match");
        if (ifNoneMatch != null) {
            if (etagMatches(ifNoneMatch, v.etag())) {
                throw notModified(v);
            }
        } else if (req.header("if-modified-since") != null
                && !modifiedSince(req.header("if-modified-since"), v, false)) {
            throw notModified(v);
        }
    }

    /** CopyObject / UploadPartCopy source conditions: every failure is 412. */
    static void checkCopySource(S3Request req, ObjectVersion v) {
        String ifMatch = req.header("x-amz-copy-source-if-match");
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, v.etag())) {
                throw new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "x-amz-copy-source-If-Match");
            }
        } else if (modifiedSince(req.header("x-amz-copy-source-if-unmodified-since"), v, true)) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED)
                    .detail("Condition", "x-amz-copy-source-If-Unmodified-Since");
        }
        String ifNoneMatch = req.header("x-amz-copy-source-if-none-match");
        if (ifNoneMatch != null) {
            if (etagMatches(ifNoneMatch, v.etag())) {
                throw new S3Exception(S3Error.PRECONDITION_FAILED)
                        .detail("Condition", "x-amz-copy-source-If-None-Match");
            }
        } else if (req.header("x-amz-copy-source-if-modified-since") != null
                && !modifiedSince(req.header("x-amz-copy-source-if-modified-since"), v, false)) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED)
                    .detail("Condition", "x-amz-copy-source-If-Modified-Since");
        }
    }

    /**
     * PutObject / CopyObject destination: {@code If-None-Match: *} (create only) and {@code If-Match: etag}
     * (replace only that version). Checked early, and again atomically with the commit.
     */
    static Predicate<Optional<ObjectVersion>> forWrite(S3Request req, Optional<ObjectVersion> current) {
        String ifNoneMatch = req.header("if-none-match");
        String ifMatch = req.header("if-match");
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "If-None-Match on writes supports only the value *.").detail("Header", "If-None-Match");
        }
        Predicate<Optional<ObjectVersion>> test = existing -> {
            boolean exists = existing.isPresent() && !existing.get().deleteMarker();
            if (ifNoneMatch != null && exists) {
                return false;
            }
            return ifMatch == null || (exists && etagMatches(ifMatch, existing.get().etag()));
        };
        if (ifMatch != null && current.map(ObjectVersion::deleteMarker).orElse(true)) {
            throw new S3Exception(S3Error.NO_SUCH_KEY).detail("Key", req.key());
        }
        if (!test.test(current)) {
            throw new S3Exception(S3Error.PRECONDITION_FAILED)
                    .detail("Condition", ifNoneMatch != null ? "If-None-Match" : "If-Match");
        }
        return test;
    }

    /** Whether the list of entity tags in a header matches (strong or weak comparison, "*" matches anything). */
    static boolean etagMatches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the object changed after the header's date (second precision). An unparseable or absent date makes
     * the condition void: {@code whenVoid} is returned as "condition failed" = false for If-Unmodified-Since.
     */
    private static boolean modifiedSince(String header, ObjectVersion v, boolean unmodifiedCheck) {
        Instant since = S3Time.parseHttp(header);
        if (since == null) {
            // An absent or invalid date is ignored (RFC 9110): the condition neither fails nor holds.
            return !unmodifiedCheck;
        }
        return S3Time.seconds(v.lastModified()).isAfter(since);
    }

    private static S3Exception notModified(ObjectVersion v) {
        return new S3Exception(S3Error.NOT_MODIFIED)
                .header("ETag", "\"" + v.etag() + "\"")
                .header("Last-Modified", S3Time.http(v.lastModified()));
    }
}
