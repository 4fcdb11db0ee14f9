package io.dbdock.probe;

/** The outcome of one readiness check, with a sentence a user understands when it is not Ready. */
public record ProbeResult(Outcome outcome, String message) {
    public enum Outcome {
        /** A client logged in with the instance's credentials and ran a query. */
        READY,
        /** Nothing accepts connections yet, or the server is still starting. */
        NOT_READY,
        /** The server answered but refused the credentials. */
        AUTH_FAILED
    }

    public static ProbeResult ready() {
        return new ProbeResult(Outcome.READY, "accepts connections");
    }

    public static ProbeResult notReady(String message) {
        return new ProbeResult(Outcome.NOT_READY, message);
    }

    /**
     * Ends the message when the server refuses the stored password and dbdock can set it inside
     * the database (see InstanceService.fixPassword); the window offers Fix password by it.
     */
    public static final String FIX_PASSWORD_HINT = "Fix password (in the window) or `dbdock fix-password NAME` sets it to the stored one.";

    /** True when a state's detail is a refused password that Fix password can mend. */
    public static boolean offersPasswordFix(String detail) {
        return detail != null && detail.endsWith(FIX_PASSWORD_HINT);
    }

    public static ProbeResult authFailed(String message) {
        return new ProbeResult(Outcome.AUTH_FAILED, message);
    }

    public boolean isReady() {
        return outcome == Outcome.READY;
    }
}
