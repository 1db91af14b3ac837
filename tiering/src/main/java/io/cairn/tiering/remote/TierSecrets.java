package io.cairn.tiering.remote;

/**
 * Seals tier credentials before they are stored and opens them when a client is built. The server implements it
 * with its master key; a sealed value is bound to its tier and setting, so it does not open anywhere else.
 */
public interface TierSecrets {

    String seal(String tier, String setting, String secret);

    /** @throws RuntimeException when the value does not open (tampered, moved, or its key is gone) */
    String open(String tier, String setting, String sealed);
}
