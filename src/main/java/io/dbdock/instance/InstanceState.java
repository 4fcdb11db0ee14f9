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
    UNKNOWN("Unknown");

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
}
