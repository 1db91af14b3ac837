package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Put/Get/DeleteBucketEncryption: the default encryption of new objects written without SSE headers. */
final class BucketEncryptionHandlers {
    private static final int MAX_CONFIG_BODY = 64 * 1024;

    private final ServerContext ctx;

    BucketEncryptionHandlers(ServerContext ctx) {
        this.ctx = ctx;
    }

    void register(Map<S3Operation, OperationHandler> table) {
        table.put(S3Operation.PutBucketEncryption, this::put);
        table.put(S3Operation.GetBucketEncryption, this::get);
        table.put(S3Operation.DeleteBucketEncryption, this::delete);
    }

    private void put(S3Request req) throws MetadataException {
        Buckets.require(ctx, req.bucket());
        XmlNode config = XmlParser.parse(RequestBodies.readSmall(req, MAX_CONFIG_BODY),
                "ServerSideEncryptionConfiguration");
        List<XmlNode> rules = config.all("Rule");
        XmlNode apply = rules.size() == 1 ? rules.get(0).child("ApplyServerSideEncryptionByDefault") : null;
        String algorithm = apply == null ? null : apply.childText("SSEAlgorithm");
        if (algorithm == null) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        algorithm = algorithm.strip();
        String kmsKey = apply.childText("KMSMasterKeyID");
        Map<String, String> stored = new LinkedHashMap<>();
        switch (algorithm) {
            case "AES256" -> {
                if (kmsKey != null) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "a KMSMasterKeyID is not applicable if the "
                            + "default sse algorithm is not aws:kms or aws:kms:dsse");
                }
                stored.put(SseHeaders.BUCKET_ALGORITHM, "AES256");
            }
            case "aws:kms", "aws:kms:dsse" -> {
                stored.put(SseHeaders.BUCKET_ALGORITHM, "aws:kms");
                if (kmsKey != null && !kmsKey.isBlank()) {
                    // Checked now, so a typo fails here rather than on every later PutObject.
                    stored.put(SseHeaders.BUCKET_KMS_KEY, SseHeaders.kmsKey(kmsKey, ctx.keys()));
                }
            }
            default -> throw new S3Exception(S3Error.MALFORMED_XML);
        }
        try {
            ctx.metadata().setBucketEncryption(req.bucket(), stored);
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        req.sendEmpty(200);
    }

    private void get(S3Request req) {
        BucketRecord b = Buckets.require(ctx, req.bucket());
        Map<String, String> d = b.encryption();
        if (d.isEmpty()) {
            throw new S3Exception("ServerSideEncryptionConfigurationNotFoundError", 404,
                    "The server side encryption configuration was not found").detail("BucketName", req.bucket());
        }
        XmlWriter w = new XmlWriter().root("ServerSideEncryptionConfiguration").start("Rule")
                .start("ApplyServerSideEncryptionByDefault")
                .element("SSEAlgorithm", d.get(SseHeaders.BUCKET_ALGORITHM));
        String kmsKey = d.get(SseHeaders.BUCKET_KMS_KEY);
        if (kmsKey != null) {
            w.element("KMSMasterKeyID", ctx.keys().kms().arn(kmsKey));
        }
        w.end().element("BucketKeyEnabled", false).end();
        req.sendXml(200, w.end().toBytes());
    }

    private void delete(S3Request req) {
        Buckets.require(ctx, req.bucket());
        try {
            ctx.metadata().setBucketEncryption(req.bucket(), Map.of());
        } catch (MetadataException e) {
            throw Buckets.translate(e, req.bucket());
        }
        req.sendEmpty(204);
    }
}
