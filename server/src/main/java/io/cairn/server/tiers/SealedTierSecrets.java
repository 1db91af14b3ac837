package io.cairn.server.tiers;

import io.cairn.server.sse.KeyService;
import io.cairn.tiering.remote.TierSecrets;

/** Tier credentials sealed by the server's master key, each bound to its tier and setting. */
public final class SealedTierSecrets implements TierSecrets {
    private final KeyService keys;

    public SealedTierSecrets(KeyService keys) {
        this.keys = keys;
    }

    @Override
    public String seal(String tier, String setting, String secret) {
        return keys.sealSecret(secret, purpose(tier, setting));
    }

    @Override
    public String open(String tier, String setting, String sealed) {
        return keys.openSecret(sealed, purpose(tier, setting));
    }

    private static String purpose(String tier, String setting) {
        return "tier|" + tier + "|" + setting;
    }
}
