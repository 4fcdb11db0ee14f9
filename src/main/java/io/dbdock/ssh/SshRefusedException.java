package io.dbdock.ssh;

import io.dbdock.common.Remedy;

/** An SSH connection that could not be made or was refused; the message says why, the remedy (if any) what fixes it. */
public final class SshRefusedException extends RuntimeException {
    private final transient Remedy remedy;

    public SshRefusedException(String message, Throwable cause) {
        this(message, cause, null);
    }

    SshRefusedException(String message, Throwable cause, Remedy remedy) {
        super(message, cause);
        this.remedy = remedy;
    }

    /** For an unknown host key: remembering it after the user compared the fingerprint. Null otherwise. */
    public Remedy remedy() {
        return remedy;
    }
}
