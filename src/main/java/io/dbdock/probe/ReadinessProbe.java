package io.dbdock.probe;

import io.dbdock.engine.Endpoint;

/** Proves a server accepts connections: a real client logs in through the published port. */
public interface ReadinessProbe {
    /** One attempt; never throws, never blocks much longer than a few seconds. */
    ProbeResult check(Endpoint endpoint);

    /**
     * Whether the server answers at all, without logging in: the cheap check read-only commands
     * make. The real probes knock in the engine's protocol ({@link Knock}); this default logs in.
     */
    default boolean answers(Endpoint endpoint) {
        return check(endpoint).outcome() != ProbeResult.Outcome.NOT_READY;
    }
}
