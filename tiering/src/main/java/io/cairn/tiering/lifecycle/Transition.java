package io.cairn.tiering.lifecycle;

import java.time.Instant;

/**
 * {@code <Transition>}: move a current version to the tier {@code storageClass}, {@code days} after its creation
 * (0 allowed: the next midnight) or on {@code date}. Absent fields are null.
 */
public record Transition(Integer days, Instant date, String storageClass) {
}
