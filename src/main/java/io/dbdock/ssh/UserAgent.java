package io.dbdock.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the user's ssh-agent holds, offered before the key files (as OpenSSH does): keys with
 * a passphrase reach dbdock this way, unlocked once by the user. No agent forwarding: the other
 * machine never gets to use this computer's agent.
 */
final class UserAgent implements SshAgentFactory {
    private static final Logger LOG = LoggerFactory.getLogger(UserAgent.class);

    private final Path socket;

    private UserAgent(Path socket) {
        this.socket = socket;
    }

    /** The agent at {@code authSock} ($SSH_AUTH_SOCK), or null when there is none to use. */
    static UserAgent at(String authSock) {
        if (authSock == null || authSock.isBlank()) {
            return null;
        }
        Path socket = Path.of(authSock);
        return Files.exists(socket) ? new UserAgent(socket) : null;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        try {
            return AgentSocket.connect(socket);
        } catch (IOException e) {
            // An agent that went away: the key files are still tried.
            LOG.info("SSH agent at {} not reachable: {}", socket, e.getMessage());
            return null;
        }
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        return null;
    }
}
