package io.cairn.tiering.lifecycle;

import java.time.Instant;

/** When a current version will expire and by which rule: what x-amz-expiration tells clients. */
public record Expiry(Instant date, String ruleId) {
}
