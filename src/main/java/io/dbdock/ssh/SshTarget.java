package io.dbdock.ssh;

import java.net.URI;

/**
 * The machine of an ssh:// Docker host, as the docker CLI reads it: ssh://[user@]host[:port].
 * User and port may be left to ~/.ssh/config (null and 0 here).
 */
public record SshTarget(String user, String host, int port) {

    public static SshTarget parse(String sshUri) {
        URI uri;
        try {
            uri = URI.create(sshUri.trim());
        } catch (IllegalArgumentException e) {
            throw new SshRefusedException("'" + sshUri + "' is not an ssh:// address (ssh://user@host or ssh://user@host:port).", e);
        }
        if (!"ssh".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new SshRefusedException("'" + sshUri + "' is not an ssh:// address (ssh://user@host or ssh://user@host:port).", null);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            // As the docker CLI: the path is not a socket to use on the other machine.
            throw new SshRefusedException("'" + sshUri + "' has a path; a Docker context's ssh:// address names only the machine.", null);
        }
        String user = uri.getRawUserInfo() == null || uri.getRawUserInfo().isBlank() ? null : uri.getUserInfo();
        if (user != null && user.contains(":")) {
            throw new SshRefusedException("'" + sshUri.replaceAll(":[^@/]*@", ":****@") + "' holds a password; dbdock uses SSH keys only.", null);
        }
        return new SshTarget(user, uri.getHost(), Math.max(uri.getPort(), 0));
    }

    /** ssh's own form of it: user@host -p port. */
    public String describe() {
        return (user != null ? user + "@" : "") + host + (port > 0 ? " -p " + port : "");
    }

    String describeUser() {
        return user != null ? user : "the user in ~/.ssh/config or this computer's user";
    }

    @Override
    public String toString() {
        return "ssh://" + (user != null ? user + "@" : "") + host + (port > 0 ? ":" + port : "");
    }
}
