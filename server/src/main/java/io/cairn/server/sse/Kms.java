package io.cairn.server.sse;

import java.util.List;
import java.util.Optional;

/**
 * A key management service that seals data keys under named keys it never hands out (SSE-KMS). The built-in
 * {@link LocalKeyring} implements it; an external KMS (Vault, AWS KMS, ...) can implement it later.
 */
public interface Kms {

    /** The canonical id of a key named by id, ARN or {@code alias/}name, when it exists. */
    Optional<String> resolve(String keyIdOrArn);

    /** The ARN-like id reported to clients in {@code x-amz-server-side-encryption-aws-kms-key-id}. */
    String arn(String keyId);

    /** The key used for {@code aws:kms} requests that name no key (created on first use). */
    String defaultKeyId();

    /** Seals {@code dataKey} under key {@code keyId}, bound to {@code context} (the encryption context). */
    byte[] encrypt(String keyId, byte[] dataKey, String context);

    /** @throws IntegrityException when the blob was not sealed by this key and context */
    byte[] decrypt(String keyId, byte[] sealed, String context);

    /** Creates a key. @throws IllegalArgumentException when the name is taken or invalid */
    String createKey(String name);

    List<String> listKeys();
}
