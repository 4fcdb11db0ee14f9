package io.dbdock.common;

/**
 * A failure whose message is written for the user: one or two plain sentences that say what
 * went wrong and what to do. Front ends show {@link #getMessage()} as is, never a stack trace.
 */
public class UserFacingException extends RuntimeException {
    private final Problem problem;

    public UserFacingException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public UserFacingException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static UserFacingException invalid(String message) {
        return new UserFacingException(Problem.INVALID_INPUT, message);
    }

    public static UserFacingException notFound(String message) {
        return new UserFacingException(Problem.NOT_FOUND, message);
    }

    public static UserFacingException conflict(String message) {
        return new UserFacingException(Problem.CONFLICT, message);
    }

    public static UserFacingException failed(String message, Throwable cause) {
        return new UserFacingException(Problem.FAILED, message, cause);
    }
}
