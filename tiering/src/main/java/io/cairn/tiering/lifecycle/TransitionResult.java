package io.cairn.tiering.lifecycle;

/** What became of a transition the scanner asked for; the pass counts each kind apart. */
public enum TransitionResult {
    /** The content is now on the tier. */
    MOVED,
    /** Nothing to do any more: the version changed, went away, or is already on a tier or being moved. */
    SKIPPED,
    /** The tier cannot take it now (failing, backing off, or not usable); a later pass tries again. */
    DEFERRED,
    /** The local content could not be read (logged where it happened). */
    FAILED
}
