package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.tier.RestoreService;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;

import java.util.Set;

/**
 * RestoreObject (POST ?restore): brings a transitioned version's content back for {@code Days} lifecycle days.
 * 202 when a restore starts, 200 when the version was already restored (its expiry then counts from now), 409
 * RestoreAlreadyInProgress while the copy runs, 403 InvalidObjectState for content that was never moved.
 */
final class RestoreObjectHandler implements OperationHandler {
    private static final int MAX_BODY = 64 * 1024;
    private static final Set<String> RETRIEVAL_TIERS = Set.of("Standard", "Bulk", "Expedited");

    private final ServerContext ctx;

    RestoreObjectHandler(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(S3Request req) throws MetadataException {
        ObjectKeys.requireValid(req.key());
        Buckets.require(ctx, req.bucket());
        int days = days(XmlParser.parse(RequestBodies.readSmall(req, MAX_BODY), "RestoreRequest"));
        ObjectVersion v = Versions.resolve(ctx, req, req.param("versionId"));
        if (!v.transitioned()) {
            throw new S3Exception(S3Error.INVALID_OBJECT_STATE,
                    "Restore is not allowed for the object's current storage class");
        }
        RestoreService.Status status;
        try {
            status = ctx.tiering().restores().restore(req.bucket(), v, days);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        switch (status) {
            case STARTED -> req.sendEmpty(202);
            case EXTENDED -> req.sendEmpty(200);
            case IN_PROGRESS -> throw new S3Exception(S3Error.RESTORE_ALREADY_IN_PROGRESS);
        }
    }

    /** The number of days; restores that S3 runs as queries (SELECT, output locations) are not offered. */
    private static int days(XmlNode request) {
        if (request.child("Type") != null || request.child("SelectParameters") != null
                || request.child("OutputLocation") != null) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "SELECT restore requests are not implemented.");
        }
        XmlNode job = request.child("GlacierJobParameters");
        String tier = job != null ? job.childText("Tier") : request.childText("Tier");
        if (tier != null && !RETRIEVAL_TIERS.contains(tier.strip())) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        String text = request.childText("Days");
        if (text == null) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        int days;
        try {
            days = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        if (days < 1) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The restore request specifies an invalid number of days; "
                    + "it must be at least 1.").detail("ArgumentName", "Days").detail("ArgumentValue", text.strip());
        }
        return days;
    }
}
