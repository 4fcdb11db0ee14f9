package io.dbdock.ssh;

/** An SSH connection that could not be made or was refused; the message says why and what to do. */
public final class SshRefusedException extends RuntimeException {
    public SshRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
