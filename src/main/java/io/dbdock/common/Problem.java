package io.dbdock.common;

/** What kind of failure a user hit; the CLI turns each into its own exit code. */
public enum Problem {
    INVALID_INPUT(2),
    NOT_FOUND(4),
    CONFLICT(5),
    DOCKER_UNAVAILABLE(3),
    NOT_READY(6),
    FAILED(1);

    private final int exitCode;

    Problem(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
