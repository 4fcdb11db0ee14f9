package io.dbdock.instance;

import io.dbdock.docker.ContainerSummary;
import java.util.OptionalInt;

/** Turns Docker's view of a container into an instance state (before any readiness probe). */
public final class StateMapper {
    private StateMapper() {
    }

    /** A live state plus its detail. */
    public record Mapped(InstanceState state, String detail) {
    }

    /** From the list call; a null container means it is gone. Running maps to Starting until probed. */
    public static Mapped fromContainer(ContainerSummary container) {
        if (container == null) {
            return new Mapped(InstanceState.MISSING, "The container was removed outside dbdock; start recreates it on the same data.");
        }
        return fromDockerState(container.state(), container.exitCode());
    }

    /** What an inspect found: the container's state, or Missing when there is none. */
    public static Mapped fromInspected(java.util.Optional<io.dbdock.docker.ContainerState> container) {
        return container.map(c -> fromDockerState(c.status(), OptionalInt.of(c.exitCode()))).orElseGet(() -> fromContainer(null));
    }

    public static Mapped fromDockerState(String dockerState, OptionalInt exitCode) {
        String s = dockerState == null ? "" : dockerState;
        return switch (s) {
            case "running" -> new Mapped(InstanceState.STARTING, "");
            case "restarting" -> new Mapped(InstanceState.STARTING, "Docker is restarting the container.");
            case "removing" -> new Mapped(InstanceState.STOPPING, "");
            case "paused" -> new Mapped(InstanceState.STOPPED, "The container is paused.");
            case "created" -> new Mapped(InstanceState.STOPPED, "");
            case "exited", "dead" -> exited(exitCode);
            default -> new Mapped(InstanceState.UNKNOWN, "Docker reports the state '" + s + "'.");
        };
    }

    /** Exit codes of a normal stop (0) or of SIGKILL/SIGTERM (137/143) are a stop; others an error. */
    public static Mapped exited(OptionalInt exitCode) {
        int code = exitCode.orElse(0);
        if (code == 0 || code == 137 || code == 143) {
            return new Mapped(InstanceState.STOPPED, "");
        }
        return new Mapped(InstanceState.ERROR, "The server stopped with exit code " + code + "; see its logs.");
    }

    /** From an event action: start, die, stop, destroy, pause, unpause... Null for actions that change nothing. */
    public static Mapped fromEvent(String action, String exitCodeAttribute) {
        if (action == null) {
            return null;
        }
        return switch (action) {
            case "start", "unpause", "restart" -> new Mapped(InstanceState.STARTING, "");
            case "die" -> exited(parse(exitCodeAttribute));
            case "destroy" -> fromContainer(null);
            case "pause" -> new Mapped(InstanceState.STOPPED, "The container is paused.");
            default -> null;
        };
    }

    private static OptionalInt parse(String code) {
        try {
            return code == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(code));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
