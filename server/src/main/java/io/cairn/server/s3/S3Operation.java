package io.cairn.server.s3;

/**
 * Every S3 operation the router can name. The name is used for dispatch, metrics, logs and errors.
 * Whether Cairn implements it is decided by the handler table, not here.
 */
public enum S3Operation {
    // service
    ListBuckets,
    // bucket
    CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, ListObjects, ListObjectsV2,
    ListObjectVersions, ListMultipartUploads, DeleteObjects,
    GetBucketVersioning, PutBucketVersioning,
    GetBucketAcl, PutBucketAcl, GetBucketPolicy, PutBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus,
    GetBucketLifecycleConfiguration, PutBucketLifecycleConfiguration, DeleteBucketLifecycle,
    GetBucketEncryption, PutBucketEncryption, DeleteBucketEncryption,
    GetBucketTagging, PutBucketTagging, DeleteBucketTagging,
    GetBucketCors, PutBucketCors, DeleteBucketCors,
    GetBucketWebsite, PutBucketWebsite, DeleteBucketWebsite,
    GetBucketLogging, PutBucketLogging,
    GetBucketNotificationConfiguration, PutBucketNotificationConfiguration,
    GetBucketReplication, PutBucketReplication, DeleteBucketReplication,
    GetObjectLockConfiguration, PutObjectLockConfiguration,
    GetBucketOwnershipControls, PutBucketOwnershipControls, DeleteBucketOwnershipControls,
    GetPublicAccessBlock, PutPublicAccessBlock, DeletePublicAccessBlock,
    GetBucketAccelerateConfiguration, PutBucketAccelerateConfiguration,
    GetBucketRequestPayment, PutBucketRequestPayment,
    BucketAnalyticsConfiguration, BucketMetricsConfiguration, BucketInventoryConfiguration,
    BucketIntelligentTieringConfiguration,
    // object
    GetObject, HeadObject, PutObject, CopyObject, DeleteObject,
    GetObjectAttributes, RestoreObject, SelectObjectContent,
    GetObjectAcl, PutObjectAcl, GetObjectTagging, PutObjectTagging, DeleteObjectTagging,
    GetObjectRetention, PutObjectRetention, GetObjectLegalHold, PutObjectLegalHold, GetObjectTorrent,
    CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts,
    // a method no S3 operation has at this address
    Unknown
}
