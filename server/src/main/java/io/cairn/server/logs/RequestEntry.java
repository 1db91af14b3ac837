package io.cairn.server.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cairn.server.http.Exchange;
import io.cairn.server.http.S3Request;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One answered request as the access and audit logs show it. Nothing here can hold a secret: no headers, no query
 * string (a presigned URL's signature is in it), no body; the key is the object key, the access key the public id.
 *
 * @param time       when the request head arrived (epoch milliseconds)
 * @param operation  the S3 operation, "Admin", "Health" or "Metrics" for {@code /_cairn/} paths, "Unknown" when the
 *                   request could not be parsed or routed
 * @param target     what an audited operation acted on ({@code /bucket/key?versionId=...}, an admin path with its
 *                   parameters); null in the access log
 * @param objects    the keys DeleteObjects removed, the tier an admin call defined; null when none
 */
public record RequestEntry(long time, String requestId, String operation, String bucket, String key, int status,
                           String errorCode, long bytesIn, long bytesOut, long durationNanos, String remoteAddress,
                           String accessKey, String target, List<String> objects) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The access log's line. */
    public static final JsonLinesLog.Format<RequestEntry> ACCESS = (e, json) -> e.writeCommon(json);

    /** The audit log's line: the access fields plus the target. */
    public static final JsonLinesLog.Format<RequestEntry> AUDIT = (e, json) -> {
        e.writeCommon(json);
        json.writeStringField("target", e.target);
        if (e.objects != null) {
            json.writeArrayFieldStart("objects");
            for (String o : e.objects) {
                json.writeString(o);
            }
            json.writeEndArray();
        }
    };

    /** Reads the finished exchange (event loop; no formatting here, the log's thread does that). */
    public static RequestEntry of(Exchange exchange, long durationNanos, boolean withTarget) {
        S3Request r = exchange.parsed();
        return new RequestEntry(exchange.startMillis(), exchange.requestId(), Operations.name(r),
                r == null || r.isAdmin() ? null : r.bucket(), r == null || r.isAdmin() ? null : r.key(),
                exchange.status(), exchange.errorCode(), exchange.bytesIn(), exchange.bytesOut(), durationNanos,
                exchange.clientAddress(), AccessKeys.of(r), withTarget ? Operations.target(r) : null,
                withTarget ? exchange.auditTargets() : null);
    }

    private void writeCommon(JsonGenerator json) throws IOException {
        json.writeStringField("time", TIME.format(Instant.ofEpochMilli(time)));
        json.writeStringField("request_id", requestId);
        json.writeStringField("operation", operation);
        json.writeStringField("bucket", bucket);
        json.writeStringField("key", key);
        json.writeNumberField("status", status);
        json.writeStringField("error_code", errorCode);
        json.writeNumberField("bytes_in", bytesIn);
        json.writeNumberField("bytes_out", bytesOut);
        json.writeNumberField("duration_ms", durationNanos / 1000 / 1000.0);
        json.writeStringField("remote_addr", remoteAddress);
        json.writeStringField("access_key", accessKey);
    }
}
