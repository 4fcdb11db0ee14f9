package io.dbdock.instance;

import io.dbdock.docker.ContainerState;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Endpoint;
import io.dbdock.probe.ProbeResult;
import io.dbdock.probe.ReadinessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Probes a starting instance until a client can log in, the container stops, or time runs out.
 * It never reads log lines to decide: a persisted data folder prints them only once.
 */
final class ReadinessWaiter {
    /** Fast at first (most servers answer within a second or two of starting), then gentler. */
    static final long FIRST_PROBE_INTERVAL_MS = 25;
    static final long PROBE_INTERVAL_MS = 100;
    private static final long FAST_PROBING_MS = 3000;
    private static final long CONTAINER_CHECK_MS = 1000;
    /** Consecutive refusals of the password before it counts as final (the server is clearly up). */
    private static final int AUTH_FAILURES_TO_GIVE_UP = 10;

    private final DockerGateway docker;

    ReadinessWaiter(DockerGateway docker) {
        this.docker = docker;
    }

    /** The final state: READY, UNHEALTHY (with the probe's reason) or ERROR (the container stopped). */
    StateMapper.Mapped await(String containerName, ReadinessProbe probe, Endpoint endpoint, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextContainerCheck = 0;
        int authFailures = 0;
        ProbeResult last = ProbeResult.notReady("no answer yet");
        while (System.nanoTime() < deadline) {
            last = probe.check(endpoint);
            if (last.isReady()) {
                return new StateMapper.Mapped(InstanceState.READY, "");
            }
            authFailures = last.outcome() == ProbeResult.Outcome.AUTH_FAILED ? authFailures + 1 : 0;
            if (authFailures >= AUTH_FAILURES_TO_GIVE_UP) {
                return new StateMapper.Mapped(InstanceState.UNHEALTHY, last.message());
            }
            if (System.nanoTime() >= nextContainerCheck) {
                Optional<ContainerState> state = docker.inspect(containerName);
                if (state.isEmpty()) {
                    return new StateMapper.Mapped(InstanceState.MISSING, "The container disappeared while starting.");
                }
                if (!state.get().running()) {
                    return new StateMapper.Mapped(InstanceState.ERROR, stoppedReason(containerName, state.get()));
                }
                nextContainerCheck = System.nanoTime() + CONTAINER_CHECK_MS * 1_000_000;
            }
            sleep(System.nanoTime() - started < FAST_PROBING_MS * 1_000_000 ? FIRST_PROBE_INTERVAL_MS : PROBE_INTERVAL_MS);
        }
        return new StateMapper.Mapped(InstanceState.UNHEALTHY, "It did not accept connections within "
                + timeout.toSeconds() + " s (" + last.message() + "). See its logs.");
    }

    /** "The server stopped while starting (exit code 1): <last log line>". */
    String stoppedReason(String containerName, ContainerState state) {
        List<String> lines = new ArrayList<>();
        try {
            docker.logs(containerName, false, 5, lines::add).close();
        } catch (RuntimeException e) {
            // The reason stays without the log line.
        }
        String lastLine = lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").trim();
        return "The server stopped while starting (exit code " + state.exitCode() + ")"
                + (lastLine.isEmpty() ? "." : ": " + lastLine);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for readiness", e);
        }
    }
}
