package io.dbdock.common;

import java.util.UUID;

/**
 * A fix that goes with a failure, as data: the window offers it as a button beside the message,
 * the command line names the command that does it. The message itself says what went wrong and
 * never tells a window user to type anything.
 */
public sealed interface Remedy {
    /** Move the instance to this port, free when the failure was seen (its container is recreated on the same data). */
    record MovePort(UUID instance, String name, int port) implements Remedy {
    }

    /**
     * Talk to the engine the instance lives on: a docker context's name, or the DOCKER_HOST
     * address it was made through. The window has no button for it yet (it talks to one engine).
     */
    record UseEngine(String context) implements Remedy {
    }

    /**
     * Remember an SSH machine's host key that was not known yet, after the user compared its
     * fingerprint: {@code knownHostsLine} is the line ~/.ssh/known_hosts gets ("box ssh-ed25519 AAAA...").
     */
    record TrustHostKey(String host, String fingerprint, String knownHostsLine) implements Remedy {
    }
}
