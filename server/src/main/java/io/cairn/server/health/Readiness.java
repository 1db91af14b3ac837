package io.cairn.server.health;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the server should be sent traffic: not while it starts (stores opening, start-up sweeps), not once it
 * is shutting down, and otherwise only when every registered {@link ReadinessCheck} is satisfied.
 */
public final class Readiness {
    /** The pseudo-check reported while the server starts or stops. */
    public static final String LIFECYCLE = "lifecycle";

    private enum Phase { STARTING, SERVING, STOPPING }

    private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
    private volatile Phase phase = Phase.STARTING;

    /**
     * The answer to one probe.
     *
     * @param check  the failing check's name, null when ready
     * @param reason why it fails, null when ready
     */
    public record Status(String check, String reason) {
        static final Status READY = new Status(null, null);

        public boolean ready() {
            return check == null;
        }
    }

    public void register(ReadinessCheck check) {
        checks.add(check);
    }

    /** Start-up is complete: from now on the checks decide. */
    public void serving() {
        if (phase == Phase.STARTING) {
            phase = Phase.SERVING;
        }
    }

    /** Shutdown has begun; readiness never comes back. */
    public void stopping() {
        phase = Phase.STOPPING;
    }

    public Status status() {
        switch (phase) {
            case STARTING -> {
                return new Status(LIFECYCLE, "starting");
            }
            case STOPPING -> {
                return new Status(LIFECYCLE, "shutting down");
            }
            default -> {
                for (ReadinessCheck c : checks) {
                    Optional<String> problem = c.problem();
                    if (problem.isPresent()) {
                        return new Status(c.name(), problem.get());
                    }
                }
                return Status.READY;
            }
        }
    }
}
