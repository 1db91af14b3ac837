package io.cairn.server.s3;

import java.util.function.Function;
import java.util.function.Predicate;

import static io.cairn.server.s3.S3Operation.*;

/**
 * The one routing table: (method, bucket?, key?, sub-resource) to an {@link S3Operation}.
 * Sub-resource rules are tried in order; the first whose query parameter is present wins.
 */
public final class Router {

    private record Rule(String param, S3Operation get, S3Operation put, S3Operation post, S3Operation delete,
                        S3Operation head) {
        S3Operation forMethod(String method) {
            return switch (method) {
                case "GET" -> get;
                case "PUT" -> put;
                case "POST" -> post;
                case "DELETE" -> delete;
                case "HEAD" -> head;
                default -> null;
            };
        }
    }

    private static final Rule[] BUCKET_RULES = {
            new Rule("location", GetBucketLocation, null, null, null, null),
            new Rule("versioning", GetBucketVersioning, PutBucketVersioning, null, null, null),
            new Rule("versions", ListObjectVersions, null, null, null, null),
            new Rule("uploads", ListMultipartUploads, null, null, null, null),
            new Rule("delete", null, null, DeleteObjects, null, null),
            new Rule("acl", GetBucketAcl, PutBucketAcl, null, null, null),
            new Rule("policyStatus", GetBucketPolicyStatus, null, null, null, null),
            new Rule("policy", GetBucketPolicy, PutBucketPolicy, null, DeleteBucketPolicy, null),
            new Rule("lifecycle", GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, null,
                    DeleteBucketLifecycle, null),
            new Rule("encryption", GetBucketEncryption, PutBucketEncryption, null, DeleteBucketEncryption, null),
            new Rule("tagging", GetBucketTagging, PutBucketTagging, null, DeleteBucketTagging, null),
            new Rule("cors", GetBucketCors, PutBucketCors, null, DeleteBucketCors, null),
            new Rule("website", GetBucketWebsite, PutBucketWebsite, null, DeleteBucketWebsite, null),
            new Rule("logging", GetBucketLogging, PutBucketLogging, null, null, null),
            new Rule("notification", GetBucketNotificationConfiguration, PutBucketNotificationConfiguration,
                    null, null, null),
            new Rule("replication", GetBucketReplication, PutBucketReplication, null, DeleteBucketReplication, null),
            new Rule("object-lock", GetObjectLockConfiguration, PutObjectLockConfiguration, null, null, null),
            new Rule("ownershipControls", GetBucketOwnershipControls, PutBucketOwnershipControls, null,
                    DeleteBucketOwnershipControls, null),
            new Rule("publicAccessBlock", GetPublicAccessBlock, PutPublicAccessBlock, null,
                    DeletePublicAccessBlock, null),
            new Rule("accelerate", GetBucketAccelerateConfiguration, PutBucketAccelerateConfiguration, null, null,
                    null),
            new Rule("requestPayment", GetBucketRequestPayment, PutBucketRequestPayment, null, null, null),
            new Rule("analytics", BucketAnalyticsConfiguration, BucketAnalyticsConfiguration, null,
                    BucketAnalyticsConfiguration, null),
            new Rule("metrics", BucketMetricsConfiguration, BucketMetricsConfiguration, null,
                    BucketMetricsConfiguration, null),
            new Rule("inventory", BucketInventoryConfiguration, BucketInventoryConfiguration, null,
                    BucketInventoryConfiguration, null),
            new Rule("intelligent-tiering", BucketIntelligentTieringConfiguration,
                    BucketIntelligentTieringConfiguration, null, BucketIntelligentTieringConfiguration, null),
    };

    private static final Rule[] OBJECT_RULES = {
            new Rule("uploadId", ListParts, null, CompleteMultipartUpload, AbortMultipartUpload, null),
            new Rule("uploads", null, null, CreateMultipartUpload, null, null),
            new Rule("acl", GetObjectAcl, PutObjectAcl, null, null, null),
            new Rule("tagging", GetObjectTagging, PutObjectTagging, null, DeleteObjectTagging, null),
            new Rule("retention", GetObjectRetention, PutObjectRetention, null, null, null),
            new Rule("legal-hold", GetObjectLegalHold, PutObjectLegalHold, null, null, null),
            new Rule("torrent", GetObjectTorrent, null, null, null, null),
            new Rule("attributes", GetObjectAttributes, null, null, null, null),
            new Rule("restore", null, null, RestoreObject, null, null),
            new Rule("select", null, null, SelectObjectContent, null, null),
    };

    private Router() {
    }

    /**
     * @param queryParam the decoded value of a query parameter ("" when present without value), or null
     * @param hasHeader  whether a request header (lower-case name) is present: x-amz-copy-source marks copies
     */
    public static S3Operation route(String method, String bucket, String key, Function<String, String> queryParam,
                                    Predicate<String> hasHeader) {
        Predicate<String> hasParam = name -> queryParam.apply(name) != null;
        if (bucket == null) {
            return "GET".equals(method) ? ListBuckets : Unknown;
        }
        if (key == null) {
            S3Operation sub = match(BUCKET_RULES, method, hasParam);
            if (sub != null) {
                return sub;
            }
            return switch (method) {
                case "GET" -> "2".equals(queryParam.apply("list-type")) ? ListObjectsV2 : ListObjects;
                case "PUT" -> CreateBucket;
                case "HEAD" -> HeadBucket;
                case "DELETE" -> DeleteBucket;
                default -> Unknown;
            };
        }
        if (hasParam.test("uploadId") && hasParam.test("partNumber") && "PUT".equals(method)) {
            return hasHeader.test("x-amz-copy-source") ? UploadPartCopy : UploadPart;
        }
        S3Operation sub = match(OBJECT_RULES, method, hasParam);
        if (sub != null) {
            return sub;
        }
        return switch (method) {
            case "GET" -> GetObject;
            case "HEAD" -> HeadObject;
            case "PUT" -> hasHeader.test("x-amz-copy-source") ? CopyObject : PutObject;
            case "DELETE" -> DeleteObject;
            default -> Unknown;
        };
    }

    private static S3Operation match(Rule[] rules, String method, Predicate<String> hasParam) {
        for (Rule rule : rules) {
            if (hasParam.test(rule.param)) {
                S3Operation op = rule.forMethod(method);
                return op == null ? Unknown : op;
            }
        }
        return null;
    }
}
