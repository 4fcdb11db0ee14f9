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

    public static ProbeResult authFailed(String message) {
        return new ProbeResult(Outcome.AUTH_FAILED, message);
    }

    public boolean isReady() {
        return outcome == Outcome.READY;
    }
}
