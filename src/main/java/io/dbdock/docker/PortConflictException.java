package io.dbdock.docker;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;

/** Docker could not publish a host port because something else holds it. */
public class PortConflictException extends UserFacingException {
    private final int port;

    public PortConflictException(int port, String message, Throwable cause) {
        super(Problem.CONFLICT, message, cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
