package io.cairn.server.handlers;

import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.KeyService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The encryption admin API (JSON, root signature required): {@code POST sse/rotate-master-key},
 * {@code GET kms/keys}, {@code POST kms/keys?name=NAME}. Answers never contain key material.
 */
final class SseAdmin {
    private static final System.Logger LOG = System.getLogger(SseAdmin.class.getName());

    private final ServerContext ctx;

    SseAdmin(ServerContext ctx) {
        this.ctx = ctx;
    }

    String handle(String method, String path, S3Request req) {
        switch (method + " " + path) {
            case "POST sse/rotate-master-key" -> {
                KeyService.Rotation r;
                try {
                    r = ctx.keys().rotate(ctx.metadata());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int tiers = ctx.tiers().resealAll();
                LOG.log(System.Logger.Level.INFO, "master key rotated to {0}: {1} objects, {2} KMS keys and {3} "
                        + "tier definitions re-sealed", r.newKeyId(), r.objectsResealed(), r.kmsKeysResealed(), tiers);
                return "{\"masterKeyId\":\"" + r.newKeyId() + "\",\"objectsResealed\":" + r.objectsResealed()
                        + ",\"kmsKeysResealed\":" + r.kmsKeysResealed() + ",\"tiersResealed\":" + tiers + "}";
            }
            case "GET kms/keys" -> {
                List<String> keys = ctx.keys().kms().listKeys();
                StringBuilder out = new StringBuilder("{\"keys\":[");
                for (int i = 0; i < keys.size(); i++) {
                    out.append(i == 0 ? "" : ",").append(key(keys.get(i)));
                }
                return out.append("]}").toString();
            }
            case "POST kms/keys" -> {
                String name = req.param("name");
                if (name == null) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "name is required");
                }
                try {
                    return key(ctx.keys().kms().createKey(name));
                } catch (IllegalArgumentException e) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, e.getMessage());
                }
            }
            default -> throw new S3Exception(S3Error.NO_SUCH_KEY, "No such admin endpoint.");
        }
    }

    /** Key names are restricted to [A-Za-z0-9/_.-], so they need no JSON escaping. */
    private String key(String name) {
        return "{\"name\":\"" + name + "\",\"arn\":\"" + ctx.keys().kms().arn(name) + "\"}";
    }
}
