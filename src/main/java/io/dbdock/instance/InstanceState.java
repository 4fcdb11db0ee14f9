package io.dbdock.instance;

/** What an instance is doing, as users see it. */
public enum InstanceState {
    CREATING("Creating"),
    PULLING("Pulling"),
    STARTING("Starting"),
    /** A client with the instance's credentials connected through the published port. */
    READY("Ready"),
    /** The container runs but the server did not accept the credentials in time. */
    UNHEALTHY("Unhealthy"),
    STOPPING("Stopping"),
    STOPPED("Stopped"),
    ERROR("Error"),
    /** The container is gone (removed outside dbdock); the data is still there. */
    MISSING("Missing"),
    /** Docker cannot be asked right now. */
    UNKNOWN("Unknown"),
    /**
     * It lives on another Docker engine than the one dbdock talks to now (another context): its
     * container is not here to be seen, and must not be made again here.
     */
    ELSEWHERE("Other engine");

    private final String label;

    InstanceState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isRunning() {
        return this == STARTING || this == READY || this == UNHEALTHY;
    }

    /**
     * The one rule for which actions an instance in this state offers, used by every front end.
     * A shell is offered whenever the server runs and has answered (Unhealthy included: the engine's
     * own client inside the container often still gets in, which helps to see why); the URI can
     * always be copied (it does not change with the state), except for an instance on another engine,
     * where nothing is offered: its address is that engine's, and every change belongs there.
     */
    public boolean allows(InstanceAction action) {
        return switch (action) {
            case START -> this == STOPPED || this == ERROR || this == MISSING || this == UNKNOWN;
            case STOP -> isRunning();
            case RESTART, OPEN_SHELL -> this == READY || this == UNHEALTHY;
            case DELETE -> this != CREATING && this != PULLING && this != STOPPING && this != ELSEWHERE;
            case COPY_URI -> this != ELSEWHERE;
        };
    }
}
