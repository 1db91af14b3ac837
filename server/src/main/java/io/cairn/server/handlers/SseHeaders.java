package io.cairn.server.handlers;

import io.cairn.meta.BucketRecord;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.CustomerKey;
import io.cairn.server.sse.EncryptionRecord;
import io.cairn.server.sse.KeyService;
import io.cairn.server.sse.SseMode;
import io.cairn.server.sse.SseSpec;
import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The S3 side of server-side encryption: what the SSE request headers (or the bucket default) ask for, with
 * S3's error answers, and the headers that report an object's encryption in responses.
 */
final class SseHeaders {
    static final String SSE = "x-amz-server-side-encryption";
    static final String KMS_KEY_ID = "x-amz-server-side-encryption-aws-kms-key-id";
    static final String CONTEXT = "x-amz-server-side-encryption-context";
    static final String CUSTOMER = "x-amz-server-side-encryption-customer-";
    static final String COPY_SOURCE_CUSTOMER = "x-amz-copy-source-server-side-encryption-customer-";
    /** Bucket default encryption, as stored in {@link BucketRecord#encryption()}. */
    static final String BUCKET_ALGORITHM = "algorithm";
    static final String BUCKET_KMS_KEY = "kms-key";

    private SseHeaders() {
    }

    /** What a write asks for: its headers, else the bucket's default, else null (stored in the clear). */
    static SseSpec forWrite(S3Request req, BucketRecord bucket, KeyService keys) {
        CustomerKey customer = customerKey(req, CUSTOMER, keys);
        String sse = req.header(SSE);
        String kmsKeyId = req.header(KMS_KEY_ID);
        String context = req.header(CONTEXT);
        if (customer != null) {
            if (sse != null || kmsKeyId != null) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Server Side Encryption with Customer provided key "
                        + "is incompatible with the encryption method specified").detail("ArgumentName", SSE)
                        .detail("ArgumentValue", sse == null ? "" : sse);
            }
            return new SseSpec(SseMode.SSE_C, null, null, customer);
        }
        if (sse == null) {
            if (kmsKeyId != null || context != null) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "Server Side Encryption with AWS KMS managed key "
                        + "requires HTTP header x-amz-server-side-encryption : aws:kms")
                        .detail("ArgumentName", SSE);
            }
            return bucketDefault(bucket, keys);
        }
        return switch (sse) {
            case "AES256" -> {
                if (kmsKeyId != null || context != null) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Server Side Encryption with AWS KMS managed "
                            + "key requires HTTP header x-amz-server-side-encryption : aws:kms")
                            .detail("ArgumentName", SSE).detail("ArgumentValue", sse);
                }
                yield new SseSpec(SseMode.SSE_S3, null, null, null);
            }
            case "aws:kms", "aws:kms:dsse" -> new SseSpec(SseMode.SSE_KMS, kmsKey(kmsKeyId, keys),
                    context(context), null);
            default -> throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "The encryption method specified is not supported").detail("ArgumentName", SSE)
                    .detail("ArgumentValue", sse);
        };
    }

    static SseSpec bucketDefault(BucketRecord bucket, KeyService keys) {
        Map<String, String> d = bucket.encryption();
        String algorithm = d.get(BUCKET_ALGORITHM);
        if (algorithm == null) {
            return null;
        }
        if (algorithm.equals("AES256")) {
            return new SseSpec(SseMode.SSE_S3, null, null, null);
        }
        return new SseSpec(SseMode.SSE_KMS, kmsKey(d.get(BUCKET_KMS_KEY), keys), "", null);
    }

    /** A KMS key named by a request or configuration, resolved; null means the default key. */
    static String kmsKey(String keyIdOrArn, KeyService keys) {
        if (keyIdOrArn == null || keyIdOrArn.isBlank()) {
            return keys.kms().defaultKeyId();
        }
        return keys.kms().resolve(keyIdOrArn.strip()).orElseThrow(() -> new S3Exception("KMS.NotFoundException",
                400, "Invalid keyId '" + keyIdOrArn.strip() + "'"));
    }

    /** The encryption context must be base64 of a JSON object; it is kept as sent and bound to the data key. */
    private static String context(String header) {
        if (header == null) {
            return "";
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
            json = "";
        }
        if (!json.startsWith("{") || !json.endsWith("}")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The header 'x-amz-server-side-encryption-context' "
                    + "shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map")
                    .detail("ArgumentName", CONTEXT);
        }
        return header.strip();
    }

    /**
     * The SSE-C key under {@code prefix} (the request's own or the copy source's), checked as S3 checks it, or
     * null when none of its headers is present.
     */
    static CustomerKey customerKey(S3Request req, String prefix, KeyService keys) {
        String algorithm = req.header(prefix + "algorithm");
        String key = req.header(prefix + "key");
        String md5 = req.header(prefix + "key-MD5");
        if (algorithm == null && key == null && md5 == null) {
            return null;
        }
        if (!keys.allowInsecureCustomerKeys()
                && !"https".equalsIgnoreCase(req.header("x-forwarded-proto"))) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Requests specifying Server Side Encryption with "
                    + "Customer provided keys must be made over a secure connection.");
        }
        if (algorithm == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Requests specifying Server Side Encryption with "
                    + "Customer provided keys must provide a valid encryption algorithm.")
                    .detail("ArgumentName", prefix + "algorithm");
        }
        if (!algorithm.equals("AES256")) {
            throw new S3Exception("InvalidEncryptionAlgorithmError", 400,
                    "The encryption request you specified is not valid. The valid value is AES256.")
                    .detail("ArgumentName", prefix + "algorithm").detail("ArgumentValue", algorithm);
        }
        if (key == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Requests specifying Server Side Encryption with "
                    + "Customer provided keys must provide an appropriate secret key.")
                    .detail("ArgumentName", prefix + "key");
        }
        if (md5 == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Requests specifying Server Side Encryption with "
                    + "Customer provided keys must provide the client calculated MD5 of the secret key.")
                    .detail("ArgumentName", prefix + "key-MD5");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.strip());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The secret key was invalid for the specified algorithm.")
                    .detail("ArgumentName", prefix + "key");
        }
        if (!Base64.getEncoder().encodeToString(md5(raw)).equals(md5.strip())) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "The calculated MD5 hash of the key did not match the hash that was provided.")
                    .detail("ArgumentName", prefix + "key-MD5");
        }
        return new CustomerKey(raw, md5.strip());
    }

    /**
     * The customer key a read of {@code rec} needs (null for other modes); S3's answers for a missing, unneeded or
     * wrong key. {@code prefix} selects the request's own headers or the copy source's.
     */
    static CustomerKey requireReadKey(S3Request req, EncryptionRecord rec, String prefix, KeyService keys) {
        CustomerKey given = customerKey(req, prefix, keys);
        if (rec == null || rec.mode() != SseMode.SSE_C) {
            if (given != null) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "The encryption parameters are not applicable to this object.");
            }
            return null;
        }
        if (given == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The object was stored using a form of Server Side "
                    + "Encryption. The correct parameters must be provided to retrieve the object.");
        }
        if (!KeyService.customerKeyMatches(rec, given)) {
            throw new S3Exception(S3Error.ACCESS_DENIED);
        }
        return given;
    }

    /** The response headers that report {@code rec} (nothing for unencrypted content). */
    static void echo(HttpHeaders out, EncryptionRecord rec, CustomerKey customer, KeyService keys) {
        if (rec == null) {
            return;
        }
        switch (rec.mode()) {
            case SSE_S3 -> out.set(SSE, "AES256");
            case SSE_KMS -> {
                out.set(SSE, "aws:kms");
                out.set(KMS_KEY_ID, keys.kms().arn(rec.kekId()));
                if (rec.context() != null && !rec.context().isEmpty()) {
                    out.set(CONTEXT, rec.context());
                }
            }
            case SSE_C -> {
                out.set(CUSTOMER + "algorithm", "AES256");
                if (customer != null) {
                    out.set(CUSTOMER + "key-MD5", customer.md5Base64());
                }
            }
        }
    }

    /**
     * The ETag of encrypted content: the plaintext MD5 for SSE-S3 (as S3); for SSE-C and SSE-KMS a value that
     * reveals nothing about the plaintext (S3's is not its MD5 either): MD5 of the data key and the plaintext MD5,
     * so only the key holder could confirm a guessed plaintext.
     */
    static String etag(String plainMd5Hex, KeyService.Sealed sealed) {
        return sealed == null ? plainMd5Hex : etag(plainMd5Hex, sealed.record().mode(), sealed.dataKey());
    }

    static String etag(String plainMd5Hex, SseMode mode, javax.crypto.SecretKey dataKey) {
        if (mode == null || mode == SseMode.SSE_S3) {
            return plainMd5Hex;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("MD5");
            d.update(dataKey.getEncoded());
            d.update(java.util.HexFormat.of().parseHex(plainMd5Hex));
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
