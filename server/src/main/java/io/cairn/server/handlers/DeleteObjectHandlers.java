package io.cairn.server.handlers;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.WriteResult;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.ObjectKeys;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.UriCodec;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;
import io.netty.handler.codec.http.HttpResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DeleteObject and DeleteObjects. Without a version id: removal, or a delete marker in versioned buckets; with
 * one: that version goes for good. Deleting what does not exist succeeds, as in S3.
 */
final class DeleteObjectHandlers {
    private static final int MAX_KEYS = 1000;
    /** 1000 keys of up to 1024 bytes, escaped, with their elements. */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final ServerContext ctx;
    private final ObjectStore store;

    DeleteObjectHandlers(ServerContext ctx, ObjectStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.DeleteObject, this::deleteObject);
        table.put(S3Operation.DeleteObjects, this::deleteObjects);
    }

    /** What one delete did, for the response. */
    private record Outcome(String versionId, boolean deleteMarker, String markerVersionId) {
    }

    private void deleteObject(S3Request req) {
        ObjectKeys.requireValid(req.key());
        String versionId = req.param("versionId");
        Outcome o = delete(req, req.key(), versionId);
        HttpResponse r = req.head(204);
        if (o.deleteMarker()) {
            r.headers().set("x-amz-delete-marker", "true");
        }
        String shownVersion = versionId != null ? versionId : o.markerVersionId();
        if (shownVersion != null) {
            r.headers().set("x-amz-version-id", shownVersion);
        }
        req.response().send(r, null);
    }

    private Outcome delete(S3Request req, String key, String versionId) {
        WriteResult result;
        try {
            result = versionId == null
                    ? ctx.metadata().deleteObject(req.bucket(), key, Instant.now(), req.principal())
                    : ctx.metadata().deleteVersion(req.bucket(), key, Versions.requireValidId(versionId));
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        store.freeAll(result.displaced());
        if (versionId != null) {
            boolean removedMarker = result.displaced().stream().anyMatch(ObjectVersion::deleteMarker);
            return new Outcome(versionId, removedMarker, removedMarker ? versionId : null);
        }
        ObjectVersion marker = result.written();
        return marker == null ? new Outcome(null, false, null) : new Outcome(null, true, marker.versionId());
    }

    private void deleteObjects(S3Request req) {
        Buckets.require(ctx, req.bucket());
        RequestBodies.requireIntegrityHeader(req);
        XmlNode delete = XmlParser.parse(RequestBodies.readSmall(req, MAX_BODY), "Delete");
        List<XmlNode> objects = delete.all("Object");
        if (objects.isEmpty() || objects.size() > MAX_KEYS) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        String quietText = delete.childText("Quiet");
        boolean quiet = quietText != null && quietText.strip().equalsIgnoreCase("true");
        boolean urlEncoding = "url".equals(req.param("encoding-type"));
        XmlWriter w = new XmlWriter().root("DeleteResult");
        List<String> deleted = new ArrayList<>();
        for (XmlNode o : objects) {
            String key = o.childText("Key");
            if (key == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            String versionId = o.childText("VersionId");
            String shownKey = urlEncoding ? UriCodec.encodeKey(key) : key;
            try {
                ObjectKeys.requireValid(key);
                Outcome out = delete(req, key, versionId);
                deleted.add(versionId == null ? key : key + "?versionId=" + versionId);
                if (!quiet) {
                    w.start("Deleted").element("Key", shownKey).element("VersionId", versionId);
                    if (out.deleteMarker()) {
                        w.element("DeleteMarker", true).element("DeleteMarkerVersionId", out.markerVersionId());
                    }
                    w.end();
                }
            } catch (S3Exception e) {
                w.start("Error").element("Key", shownKey).element("VersionId", versionId)
                        .element("Code", e.code()).element("Message", e.getMessage()).end();
            }
        }
        req.auditTargets(deleted);
        req.sendXml(200, w.end().toBytes());
    }
}
