package io.cairn.server.handlers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.meta.TierRecord;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.tiers.TierUsage;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;
import io.cairn.tiering.remote.TierSpec;
import io.cairn.tiering.remote.TierType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The remote tier admin API (JSON, root signature required):
 * <ul>
 *   <li>{@code POST tiers[?replace=true]} with {@code {"name":..., "type":"s3"|"azure", <settings>...}}: define
 *   (the credentials are sealed before they are stored);</li>
 *   <li>{@code GET tiers}: list, credentials left out;</li>
 *   <li>{@code DELETE tiers/NAME}: remove, refused while a lifecycle rule or an object version uses the tier;</li>
 *   <li>{@code POST tiers/NAME/verify}: write, read back and delete a probe object (502 with the error when the
 *   remote fails).</li>
 * </ul>
 */
final class TierAdmin {
    private static final System.Logger LOG = System.getLogger(TierAdmin.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final int MAX_BODY = 64 * 1024;

    /** An answer of the API: HTTP status and JSON body. */
    record Answer(int status, String json) {
    }

    private final ServerContext ctx;

    TierAdmin(ServerContext ctx) {
        this.ctx = ctx;
    }

    static boolean handles(String path) {
        return path.equals("tiers") || path.startsWith("tiers/");
    }

    Answer handle(String method, String path, S3Request req) {
        String[] p = path.split("/", -1);
        if (p.length == 1) {
            return switch (method) {
                case "GET" -> list();
                case "POST" -> add(req);
                default -> throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
            };
        }
        if (p.length == 2 && method.equals("DELETE")) {
            return remove(p[1]);
        }
        if (p.length == 3 && p[2].equals("verify") && method.equals("POST")) {
            return verify(p[1]);
        }
        throw new S3Exception(S3Error.NO_SUCH_KEY, "No such admin endpoint.");
    }

    private Answer list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TierRecord r : ctx.metadata().tiers()) {
            out.add(describe(r));
        }
        return new Answer(200, json(Map.of("tiers", out)));
    }

    private Answer add(S3Request req) {
        TierSpec spec = parse(RequestBodies.readSmall(req, MAX_BODY));
        req.auditTargets(List.of(spec.name()));
        Instant now = Instant.now();
        boolean replace = "true".equals(req.param("replace"));
        TierRecord stored = ctx.tiers().define(spec, replace, now).orElseThrow(() -> new S3Exception(
                "TierAlreadyExists", 409, "A tier named " + spec.name() + " exists; redefine it with replace=true."));
        LOG.log(System.Logger.Level.INFO, "tier {0} {1}: {2} {3}", spec.name(),
                stored.created().equals(now) ? "defined" : "redefined", spec.type().id(), spec.redacted());
        return new Answer(200, json(describe(stored)));
    }

    private Answer remove(String name) {
        requireDefined(name);
        Optional<String> use = TierUsage.find(ctx.metadata(), name);
        if (use.isPresent()) {
            throw new S3Exception("TierInUse", 409, "Tier " + name + " is in use: " + use.get() + ".");
        }
        ctx.tiers().remove(name);
        LOG.log(System.Logger.Level.INFO, "tier {0} removed", name);
        return new Answer(200, json(Map.of("removed", name)));
    }

    private Answer verify(String name) {
        requireDefined(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        try {
            RemoteTier tier = ctx.tiers().get(name);
            tier.verify();
            out.put("ok", true);
            return new Answer(200, json(out));
        } catch (TierException e) {
            out.put("ok", false);
            out.put("retryable", e.retryable());
            out.put("error", e.getMessage());
            // 502: the request was fine, the remote behind this server was not.
            return new Answer(502, json(out));
        }
    }

    private void requireDefined(String name) {
        if (ctx.tiers().definition(name).isEmpty()) {
            throw new S3Exception("NoSuchTier", 404, "No tier named " + name + " is defined.");
        }
    }

    /** A definition as the API shows it: never a credential, sealed or not. */
    private static Map<String, Object> describe(TierRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", r.name());
        out.put("type", r.type());
        out.put("created", r.created().toString());
        Map<String, String> settings = new java.util.TreeMap<>(r.settings());
        settings.keySet().removeAll(TierType.of(r.type()).secrets());
        out.putAll(settings);
        return out;
    }

    /** The body: one JSON object of strings (booleans and numbers are taken as their text). */
    private static TierSpec parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The body must be a JSON object.");
        }
        if (root == null || !root.isObject()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The body must be a JSON object.");
        }
        Map<String, String> settings = new HashMap<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            JsonNode v = f.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, f.getKey() + " must be a string.");
            }
            settings.put(f.getKey(), v.asText());
        }
        String name = settings.remove("name");
        String type = settings.remove("type");
        try {
            return new TierSpec(name, TierType.of(type), settings);
        } catch (IllegalArgumentException e) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, e.getMessage());
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
