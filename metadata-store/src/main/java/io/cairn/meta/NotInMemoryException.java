package io.cairn.meta;

/**
 * A lookup made with {@link MetadataStore#latestInMemory} would have had to read from disk. Thrown without a stack
 * trace: it is an expected answer on a hot path (the caller then looks up where it may wait), not a failure.
 */
public final class NotInMemoryException extends RuntimeException {

    static final NotInMemoryException INSTANCE = new NotInMemoryException();

    private NotInMemoryException() {
        super("the answer is not in memory", null, false, false);
    }
}
