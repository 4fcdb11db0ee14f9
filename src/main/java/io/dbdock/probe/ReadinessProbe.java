package io.dbdock.probe;

import io.dbdock.engine.Endpoint;

/** Proves a server accepts connections: a real client logs in through the published port. */
public interface ReadinessProbe {
    /** One attempt; never throws, never blocks much longer than a few seconds. */
    ProbeResult check(Endpoint endpoint);
}
