package io.cairn.tiering.remote;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The small object {@link RemoteTier#verify} writes, reads back and deletes; random, so two checks never collide. */
record Probe(String key, byte[] content) {

    static Probe create() {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        String hex = HexFormat.of().formatHex(id);
        return new Probe(".cairn-verify/" + hex, ("cairn tier probe " + hex).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes, reads back, compares and deletes the probe; the first failure is the one reported. */
    static void roundTrip(RemoteTier tier, String where) throws TierException {
        Probe probe = create();
        tier.put(probe.key, new ByteArrayInputStream(probe.content), probe.content.length);
        TierException failure = null;
        try (InputStream in = tier.get(probe.key, 0, probe.content.length)) {
            if (!Arrays.equals(in.readAllBytes(), probe.content)) {
                failure = new TierException(where + ": the probe object read back differs from what was written",
                        false, null);
            }
        } catch (TierException e) {
            failure = e;
        } catch (IOException e) {
            failure = new TierException(where + ": reading the probe back failed: " + Failures.rootCause(e), true, e);
        }
        try {
            tier.delete(probe.key);
        } catch (TierException e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
