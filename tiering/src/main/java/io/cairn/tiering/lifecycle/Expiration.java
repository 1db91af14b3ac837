package io.cairn.tiering.lifecycle;

import java.time.Instant;

/**
 * {@code <Expiration>}: when a current version expires, after {@code days} from its creation or on {@code date}
 * (midnight UTC), or whether a delete marker left without versions is removed. S3 allows exactly one of the three;
 * absent ones are null.
 */
public record Expiration(Integer days, Instant date, Boolean expiredObjectDeleteMarker) {

    boolean removesExpiredDeleteMarkers() {
        return Boolean.TRUE.equals(expiredObjectDeleteMarker);
    }
}
