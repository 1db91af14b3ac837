package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.VersioningState;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.BucketNames;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.S3Time;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation. */
final class BucketHandlers {
    private static final int MAX_CONFIG_BODY = 64 * 1024;

    private final ServerContext ctx;

    BucketHandlers(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.ListBuckets, this::listBuckets);
        table.put(S3Operation.CreateBucket, this::createBucket);
        table.put(S3Operation.HeadBucket, this::headBucket);
        table.put(S3Operation.DeleteBucket, this::deleteBucket);
        table.put(S3Operation.GetBucketLocation, this::getBucketLocation);
        table.put(S3Operation.GetBucketVersioning, this::getBucketVersioning);
        table.put(S3Operation.PutBucketVersioning, this::putBucketVersioning);
    }

    private void listBuckets(S3Request req) {
        String owner = req.principal();
        XmlWriter w = new XmlWriter().root("ListAllMyBucketsResult");
        w.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        w.start("Buckets");
        String prefix = req.param("prefix");
        for (BucketRecord b : ctx.metadata().listBuckets()) {
            if (prefix != null && !b.name().startsWith(prefix)) {
                continue;
            }
            w.start("Bucket")
                    .element("Name", b.name())
                    .element("CreationDate", S3Time.iso(b.created()))
                    .element("BucketRegion", b.region())
                    .end();
        }
        w.end();
        if (prefix != null) {
            w.element("Prefix", prefix);
        }
        req.sendXml(200, w.end().toBytes());
    }

    private void createBucket(S3Request req) {
        String name = req.bucket();
        BucketNames.requireValid(name);
        String region = ctx.config().region();
        byte[] body = RequestBodies.readSmall(req, MAX_CONFIG_BODY);
        if (body.length > 0) {
            XmlNode config = XmlParser.parse(body, "CreateBucketConfiguration");
            String constraint = config.childText("LocationConstraint");
            if (constraint != null && !constraint.isBlank() && !constraint.strip().equals(region)) {
                throw new S3Exception(S3Error.ILLEGAL_LOCATION_CONSTRAINT,
                        "The " + constraint.strip() + " location constraint is incompatible for the region "
                                + "specific endpoint this request was sent to.");
            }
        }
        try {
            ctx.metadata().createBucket(name, region, req.principal(), Instant.now());
        } catch (MetadataException e) {
            if (e.reason() == MetadataException.Reason.BUCKET_EXISTS) {
                throw new S3Exception(S3Error.BUCKET_ALREADY_OWNED_BY_YOU).detail("BucketName", name);
            }
            throw Buckets.translate(e, name);
        }
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.LOCATION, "/" + name);
        req.response().send(r, null);
    }

    private void headBucket(S3Request req) {
        BucketRecord b = Buckets.require(ctx, req.bucket());
        HttpResponse r = req.head(200);
        r.headers().set("x-amz-bucket-region", b.region());
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        req.response().sendHeadOnly(r);
    }

    private void deleteBucket(S3Request req) {
        List<String> abandonedParts;
        try {
            abandonedParts = ctx.metadata().deleteBucket(req.bucket());
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        abandonedParts.forEach(ctx.data()::delete);
        req.sendEmpty(204);
    }

    private void getBucketVersioning(S3Request req) {
        BucketRecord b = Buckets.require(ctx, req.bucket());
        XmlWriter w = new XmlWriter().root("VersioningConfiguration");
        switch (b.versioning()) {
            case ENABLED -> w.element("Status", "Enabled");
            case SUSPENDED -> w.element("Status", "Suspended");
            case UNVERSIONED -> {
                // never enabled: an empty configuration, as S3 answers
            }
        }
        req.sendXml(200, w.end().toBytes());
    }

    private void putBucketVersioning(S3Request req) throws MetadataException {
        Buckets.require(ctx, req.bucket());
        XmlNode config = XmlParser.parse(RequestBodies.readSmall(req, MAX_CONFIG_BODY), "VersioningConfiguration");
        String status = config.childText("Status");
        String mfaDelete = config.childText("MfaDelete");
        if (mfaDelete != null && mfaDelete.strip().equals("Enabled")) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "MFA Delete is not supported.");
        }
        VersioningState state;
        if ("Enabled".equals(status == null ? null : status.strip())) {
            state = VersioningState.ENABLED;
        } else if ("Suspended".equals(status == null ? null : status.strip())) {
            state = VersioningState.SUSPENDED;
        } else {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        try {
            ctx.metadata().setVersioning(req.bucket(), state);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        req.sendEmpty(200);
    }

    private void getBucketLocation(S3Request req) {
        BucketRecord b = Buckets.require(ctx, req.bucket());
        // us-east-1 is reported as an empty constraint, as S3 does.
        String constraint = "us-east-1".equals(b.region()) ? "" : b.region();
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
                + XmlWriter.S3_NAMESPACE + "\">" + constraint + "</LocationConstraint>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        req.sendXml(200, xml);
    }
}
