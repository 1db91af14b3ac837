package io.cairn.tiering.lifecycle;

/** {@code <AbortIncompleteMultipartUpload>}: uploads still open this many days after initiation are aborted. */
public record AbortIncompleteMultipartUpload(Integer daysAfterInitiation) {
}
