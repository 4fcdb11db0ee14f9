package io.dbdock.common;

/**
 * A failure whose message is written for the user: one or two plain sentences that say what
 * went wrong and what to do. Front ends show {@link #getMessage()} as is, never a stack trace.
 */
public class UserFacingException extends RuntimeException {
    private final Problem problem;
    private final Remedy remedy;

    public UserFacingException(Problem problem, String message) {
        this(problem, message, null, null);
    }

    public UserFacingException(Problem problem, String message, Throwable cause) {
        this(problem, message, cause, null);
    }

    /** With a fix the front end can offer (see {@link Remedy}). */
    public UserFacingException(Problem problem, String message, Throwable cause, Remedy remedy) {
        super(message, cause);
        this.problem = problem;
        this.remedy = remedy;
    }

    public Problem problem() {
        return problem;
    }

    public java.util.Optional<Remedy> remedy() {
        return java.util.Optional.ofNullable(remedy);
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
