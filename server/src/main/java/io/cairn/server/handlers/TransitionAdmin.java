package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.tier.TierState;
import io.cairn.server.tier.TransitionService;

/**
 * The transition admin API (JSON, root signature required):
 * {@code POST transition?bucket=B&key=K[&versionId=V]&tier=T} moves one version to a tier now (backoff after
 * earlier failures does not apply) and answers when it is done or failed; {@code GET transition} shows counters.
 */
final class TransitionAdmin {
    private final ServerContext ctx;

    TransitionAdmin(ServerContext ctx) {
        this.ctx = ctx;
    }

    String handle(String method, S3Request req) {
        TransitionService service = ctx.tiering().transitions();
        if ("GET".equals(method)) {
            TransitionService.Stats s = service.stats();
            return "{\"transitioned\":" + s.transitioned() + ",\"bytesTransitioned\":" + s.bytes()
                    + ",\"transitionFailures\":" + s.failed() + ",\"tierFailures\":" + ctx.tiering().tierFailures()
                    + "}";
        }
        if (!"POST".equals(method)) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        String bucket = required(req, "bucket");
        String key = required(req, "key");
        String tier = required(req, "tier");
        ObjectKeys.requireValid(key);
        // Resolved first so a missing key, version or a delete marker answers as S3 would.
        ObjectVersion v = Versions.resolve(ctx, bucket, key, req.param("versionId"));
        TransitionService.Outcome outcome;
        try {
            outcome = service.transitionNow(bucket, key, v.versionId(), tier);
        } catch (MetadataException e) {
            throw Buckets.translate(e, bucket);
        }
        return switch (outcome.status()) {
            case TRANSITIONED, ALREADY_TRANSITIONED -> {
                TierState state = TierState.of(outcome.version());
                yield "{\"status\":\"" + outcome.status() + "\",\"bucket\":" + json(bucket) + ",\"key\":" + json(key)
                        + ",\"versionId\":" + json(v.versionId()) + ",\"tier\":" + json(state.tier())
                        + ",\"storedSize\":" + state.storedSize() + "}";
            }
            case NO_SUCH_VERSION -> throw new S3Exception(S3Error.NO_SUCH_VERSION).detail("Key", key)
                    .detail("VersionId", v.versionId());
            case CHANGED, IN_PROGRESS -> throw new S3Exception(S3Error.OPERATION_ABORTED, "The object changed or is "
                    + "being transitioned by another request; nothing was moved by this one.");
            case UNKNOWN_TIER -> throw new S3Exception(S3Error.INVALID_ARGUMENT, "No remote tier of that name is "
                    + "defined.").detail("ArgumentName", "tier").detail("ArgumentValue", tier);
            case TIER_UNAVAILABLE, BACKING_OFF -> throw new S3Exception(S3Error.SERVICE_UNAVAILABLE, "The remote tier "
                    + "failed; the object stays here unchanged. Please try again later.");
            case FAILED -> throw new S3Exception(S3Error.INTERNAL_ERROR);
        };
    }

    private static String required(S3Request req, String name) {
        String value = req.param(name);
        if (value == null || value.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, name + " is required").detail("ArgumentName", name);
        }
        return value;
    }

    /** A JSON string literal: keys are arbitrary UTF-8. */
    static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
