package io.dbdock.instance;

import io.dbdock.docker.DockerGateway;
import io.dbdock.ports.PortAllocator;
import java.util.Optional;
import java.util.Set;

/**
 * Who listens where instances publish: for an engine on another machine, that machine's
 * listeners (a port free here may be taken there, and the reverse); for one here, this
 * computer's. The other machine is asked once per allocation, not once per port tried.
 */
final class EngineListeners implements PortAllocator.Listeners {
    /** An allocation tries ports one after another within milliseconds; a later one asks again. */
    private static final long FRESH_NANOS = 2_000_000_000L;

    private final DockerGateway docker;
    private Set<Integer> remembered;
    private long askedAt;

    EngineListeners(DockerGateway docker) {
        this.docker = docker;
    }

    @Override
    public Optional<String> holder(String bindAddress, int port) {
        if (!docker.tunnelled()) {
            return PortAllocator.THIS_COMPUTER.holder(bindAddress, port);
        }
        return listening().contains(port) ? Optional.of("a program on the machine of " + docker.quickPlace().shortName())
                : Optional.empty();
    }

    private synchronized Set<Integer> listening() {
        long now = System.nanoTime();
        if (remembered == null || now - askedAt > FRESH_NANOS) {
            remembered = docker.machineListeners().orElse(Set.of());
            askedAt = now;
        }
        return remembered;
    }
}
