package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.lifecycle.LifecycleXml;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.tiering.lifecycle.LifecycleConfiguration;
import io.cairn.tiering.lifecycle.LifecycleException;
import io.cairn.tiering.lifecycle.LifecycleValidator;
import io.cairn.tiering.lifecycle.Rule;
import io.cairn.tiering.lifecycle.TransitionDefaultMinimumObjectSize;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Put/Get/DeleteBucketLifecycleConfiguration. PUT validates the whole configuration (transitions may only name
 * tiers that exist) and replaces the previous one; rules sent without an ID get a generated one, as in S3.
 */
final class BucketLifecycleHandlers {
    static final String MINIMUM_SIZE_HEADER = "x-amz-transition-default-minimum-object-size";
    /** 1,000 rules with long prefixes and tags fit. */
    private static final int MAX_CONFIG_BODY = 4 * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerContext ctx;
    private final LifecycleRules rules;

    BucketLifecycleHandlers(ServerContext ctx, LifecycleRules rules) {
        this.ctx = ctx;
        this.rules = rules;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.PutBucketLifecycleConfiguration, this::put);
        table.put(S3Operation.GetBucketLifecycleConfiguration, this::get);
        table.put(S3Operation.DeleteBucketLifecycle, this::delete);
    }

    private void put(S3Request req) {
        Buckets.require(ctx, req.bucket());
        RequestBodies.requireIntegrityHeader(req);
        TransitionDefaultMinimumObjectSize minimumSize = minimumSize(req.header(MINIMUM_SIZE_HEADER));
        LifecycleConfiguration parsed = LifecycleXml.fromRequest(RequestBodies.readSmall(req, MAX_CONFIG_BODY),
                minimumSize);
        try {
            new LifecycleValidator(tier -> ctx.metadata().tier(tier).isPresent()).validate(parsed);
        } catch (LifecycleException e) {
            throw new S3Exception(e.code(), 400, e.getMessage());
        }
        String stored = LifecycleXml.toStored(withIds(parsed));
        try {
            ctx.metadata().updateBucket(req.bucket(), b -> b.withLifecycle(stored));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        HttpResponse r = req.head(200);
        r.headers().set(MINIMUM_SIZE_HEADER, minimumSize.wireName());
        req.response().send(r, null);
    }

    private void get(S3Request req) {
        BucketRecord b = Buckets.require(ctx, req.bucket());
        LifecycleConfiguration config = rules.configuration(b).orElseThrow(() -> new S3Exception(
                "NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
                .detail("BucketName", req.bucket()));
        HttpResponse r = req.head(200);
        r.headers().set(MINIMUM_SIZE_HEADER, config.transitionMinimumSize().wireName());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        req.response().send(r, LifecycleXml.toResponse(config));
    }

    private void delete(S3Request req) {
        Buckets.require(ctx, req.bucket());
        try {
            ctx.metadata().updateBucket(req.bucket(), b -> b.withLifecycle(null));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        req.sendEmpty(204);
    }

    private static TransitionDefaultMinimumObjectSize minimumSize(String header) {
        if (header == null) {
            return TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128K;
        }
        TransitionDefaultMinimumObjectSize v = TransitionDefaultMinimumObjectSize.fromWireName(header.strip());
        if (v == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid value for " + MINIMUM_SIZE_HEADER)
                    .detail("ArgumentName", MINIMUM_SIZE_HEADER).detail("ArgumentValue", header);
        }
        return v;
    }

    /** S3 names a rule sent without an ID: 48 random URL-safe characters. */
    private static LifecycleConfiguration withIds(LifecycleConfiguration c) {
        List<Rule> named = new ArrayList<>(c.rules().size());
        for (Rule r : c.rules()) {
            named.add(r.id() != null ? r : r.withId(randomId()));
        }
        return new LifecycleConfiguration(named, c.transitionMinimumSize());
    }

    private static String randomId() {
        byte[] b = new byte[36];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
