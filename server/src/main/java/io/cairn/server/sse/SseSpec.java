package io.cairn.server.sse;

/**
 * The encryption a write asked for (from its headers or the bucket's default).
 *
 * @param mode        the mode
 * @param kmsKeyId    SSE-KMS: the canonical key id (already resolved); else null
 * @param context     SSE-KMS: the encryption context header as sent (base64 JSON), or "" when none; else null
 * @param customerKey SSE-C: the client's key; else null
 */
public record SseSpec(SseMode mode, String kmsKeyId, String context, CustomerKey customerKey) {
}
