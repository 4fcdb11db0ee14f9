package io.dbdock.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.keys.BuiltinClientIdentitiesWatcher;
import org.apache.sshd.client.config.keys.ClientIdentityLoader;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import io.dbdock.common.Remedy;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH connection to the machine of an ssh:// Docker context, as the docker CLI makes it:
 * the engine's API is {@code docker system dial-stdio} run there, offered here on a Unix socket
 * in a folder only this user may enter (a loopback port would let any local user drive the
 * remote engine); instances' ports come back through local forwards bound to 127.0.0.1.
 * Host keys are checked against ~/.ssh/known_hosts and never accepted unseen; ~/.ssh/config
 * (User, Port, HostName, IdentityFile) and the keys in ~/.ssh are used as OpenSSH uses them.
 */
public final class SshLink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SshLink.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A dead connection (the machine or its sshd gone) is noticed within about this long. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** The engine's first answer over a new connection: the other machine starts its docker client first. */
    public static final Duration FIRST_ANSWER = Duration.ofSeconds(15);

    /**
     * A key file with a passphrase is skipped (dbdock has nobody to ask in the window, and asking on
     * the terminal would stop the monitor's threads): the agent offers it when the user unlocked it there.
     */
    private static final FilePasswordProvider SKIP_LOCKED_KEYS = new FilePasswordProvider() {
        @Override
        public String getPassword(org.apache.sshd.common.session.SessionContext session, org.apache.sshd.common.NamedResource key, int retry) {
            return null;
        }

        @Override
        public ResourceDecodeResult handleDecodeAttemptResult(org.apache.sshd.common.session.SessionContext session,
                                                              org.apache.sshd.common.NamedResource key, int retry, String password, Exception failure) {
            if (failure != null) {
                LOG.info("SSH key {} skipped: it has a passphrase (the SSH agent offers it once unlocked there)", key.getName());
                return ResourceDecodeResult.IGNORE;
            }
            return null;
        }
    };

    private final SshTarget target;
    private final SshClient client;
    private final ClientSession session;
    /**
     * Connections beyond the first, made when the server takes no more channels on those there are
     * (OpenSSH allows 10 per connection by default, MaxSessions; each API connection and stream is
     * one). The docker CLI makes one SSH connection per API connection, so it never meets the limit.
     */
    private final java.util.List<ClientSession> overflow = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final int MAX_CONNECTIONS = 6;
    private final Path socketDir;
    private final ServerSocketChannel engineSocket;
    /** Remote port -> the local port forwarded to it. */
    private final Map<Integer, Integer> forwards = new HashMap<>();
    /** What the remote side said on its error stream last (e.g. docker: command not found). */
    private volatile String lastRemoteError = "";

    private SshLink(SshTarget target, SshClient client, ClientSession session, Path socketDir, ServerSocketChannel engineSocket) {
        this.target = target;
        this.client = client;
        this.session = session;
        this.socketDir = socketDir;
        this.engineSocket = engineSocket;
    }

    /**
     * Connects and authenticates, or throws {@link SshRefusedException} saying why in plain words
     * (unknown or changed host key, keys refused, machine not reachable). Nothing is sent to a
     * machine whose host key is not the known one: the check comes before authentication.
     */
    public static SshLink open(String sshUri, Path home) {
        SshTarget target = SshTarget.parse(sshUri);
        Path knownHosts = home.resolve(".ssh").resolve("known_hosts");
        HostKeyCheck check = new HostKeyCheck(knownHosts);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(check);
        client.setHostConfigEntryResolver(new ConfigFileHostEntryResolver(home.resolve(".ssh").resolve("config")));
        // The keys OpenSSH tries by default (id_ed25519, id_ecdsa, id_rsa, ...) in this home's ~/.ssh; IdentityFile
        // lines of ~/.ssh/config come on top. Not MINA's strict mode: it skips every key, without a word, when ~/.ssh
        // itself is readable by others, which OpenSSH accepts.
        client.setKeyIdentityProvider(new BuiltinClientIdentitiesWatcher(home.resolve(".ssh"), true, ClientIdentityLoader.DEFAULT,
                SKIP_LOCKED_KEYS, false));
        // The agent's keys first, as OpenSSH: a key with a passphrase is used through the agent that holds it unlocked.
        client.setAgentFactory(UserAgent.at(System.getenv("SSH_AUTH_SOCK")));
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        client.start();
        ClientSession session = null;
        try {
            session = connect(client, target);
            Path dir = Files.createTempDirectory("dbdock-ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            socket.bind(UnixDomainSocketAddress.of(dir.resolve("docker.sock")));
            SshLink link = new SshLink(target, client, session, dir, socket);
            link.serveEngine();
            LOG.info("SSH connection to {} open (host key checked against {})", target, knownHosts);
            return link;
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            client.stop();
            if (e instanceof SshRefusedException refused) {
                throw refused;
            }
            throw new SshRefusedException(check.explain(target, e), e, check.remedy(target));
        }
    }

    private static ClientSession connect(SshClient client, SshTarget target) throws IOException {
        ClientSession session = client.connect(target.user(), target.host(), target.port()).verify(CONNECT_TIMEOUT).getSession();
        try {
            session.auth().verify(CONNECT_TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** The docker-java address of the remote engine: unix://... on this computer. */
    public String engineAddress() {
        return "unix://" + socketDir.resolve("docker.sock");
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /** What the remote side last wrote on its error stream, or "" (for messages when the engine does not answer). */
    public String lastRemoteError() {
        return lastRemoteError;
    }

    /** This computer's port of the (first) SSH connection: the port the other machine's sshd names it by in its log. */
    public int localPort() {
        return ((java.net.InetSocketAddress) session.getIoSession().getLocalAddress()).getPort();
    }

    /** The local port of the tunnel to {@code remotePort}, if one is open (none is opened). */
    public synchronized java.util.OptionalInt openTunnel(int remotePort) {
        Integer open = forwards.get(remotePort);
        return open == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(open);
    }

    /**
     * This computer's port (on 127.0.0.1) for a port the remote engine publishes on its
     * 127.0.0.1: the same number when free here, so addresses stay as the instance's record says;
     * another one otherwise. Opened once and kept while this connection lives.
     */
    public synchronized int forward(int remotePort) {
        Integer open = forwards.get(remotePort);
        if (open != null) {
            return open;
        }
        SshdSocketAddress remote = new SshdSocketAddress("127.0.0.1", remotePort);
        SshdSocketAddress bound;
        try {
            if (!io.dbdock.ports.PortAllocator.canBind("127.0.0.1", remotePort)) {
                throw new IOException("taken here"); // asked first: MINA logs a failed bind as an error
            }
            bound = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", remotePort), remote);
        } catch (IOException taken) {
            try {
                bound = session.startLocalPortForwarding(new SshdSocketAddress("127.0.0.1", 0), remote);
            } catch (IOException e) {
                throw new SshRefusedException("Could not open a tunnel to port " + remotePort + " on " + target.host() + ": "
                        + e.getMessage() + ".", e);
            }
        }
        forwards.put(remotePort, bound.getPort());
        LOG.info("Tunnel 127.0.0.1:{} -> {}:127.0.0.1:{}", bound.getPort(), target.host(), remotePort);
        return bound.getPort();
    }

    /**
     * The lines a short command run on the other machine prints (a few kilobytes at most); empty
     * when it cannot run there. For facts about that machine the engine API does not give.
     */
    public java.util.List<String> run(String command) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (ChannelExec channel = openExec(command, c -> {
            c.setOut(out);
            c.setErr(new RemoteErrors());
        })) {
            channel.waitFor(java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED), CONNECT_TIMEOUT);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (IOException | RuntimeException e) {
            LOG.info("{} on {} did not run: {}", command, target.host(), e.getMessage());
            return java.util.List.of();
        }
    }

    /**
     * A command's channel, open: on the first connection that takes one more, or on a new one when
     * none does (up to {@link #MAX_CONNECTIONS}). {@code wire} sets its streams before it opens.
     */
    private ChannelExec openExec(String command, java.util.function.Consumer<ChannelExec> wire) throws IOException {
        IOException refused = null;
        java.util.List<ClientSession> sessions = new java.util.ArrayList<>();
        sessions.add(session);
        sessions.addAll(overflow);
        for (ClientSession s : sessions) {
            if (!s.isOpen()) {
                overflow.remove(s);
                continue;
            }
            try {
                return openOn(s, command, wire);
            } catch (IOException e) {
                if (!s.isOpen() || !refusedAsFull(e)) {
                    throw e;
                }
                refused = e;
            }
        }
        ClientSession more;
        synchronized (this) {
            if (!session.isOpen() || overflow.size() + 1 >= MAX_CONNECTIONS) {
                throw refused != null ? refused : new IOException("the SSH connection to " + target.host() + " is closed");
            }
            more = connect(client, target);
            overflow.add(more);
        }
        LOG.info("Another SSH connection to {} ({} now): the server takes no more channels on the others", target,
                overflow.size() + 1);
        return openOn(more, command, wire);
    }

    private static ChannelExec openOn(ClientSession s, String command, java.util.function.Consumer<ChannelExec> wire) throws IOException {
        ChannelExec channel = s.createExecChannel(command);
        wire.accept(channel);
        try {
            channel.open().verify(CONNECT_TIMEOUT);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    /** The server refused the channel itself (OpenSSH at MaxSessions says "open failed"), not the connection. */
    private static boolean refusedAsFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.sshd.common.channel.exception.SshChannelOpenException) {
                return true;
            }
        }
        return false;
    }

    private void serveEngine() {
        Thread accept = new Thread(() -> {
            while (engineSocket.isOpen()) {
                try {
                    SocketChannel connection = engineSocket.accept();
                    bridge(connection);
                } catch (IOException | RuntimeException e) {
                    // The session closing (dbdock quits, the connection dropped) refuses new channels: this API
                    // connection fails, docker-java says so, and the loop waits for the next one.
                    if (engineSocket.isOpen()) {
                        LOG.info("SSH engine bridge to {}: {}", target, e.getMessage());
                    }
                }
            }
        }, "ssh-engine-" + target.host());
        accept.setDaemon(true);
        accept.start();
    }

    /** One API connection: docker system dial-stdio on the remote machine, its standard streams joined to the socket. */
    private void bridge(SocketChannel connection) throws IOException {
        ChannelExec channel;
        try {
            channel = openExec("docker system dial-stdio", c -> {
                c.setIn(new SocketIn(connection));
                c.setOut(new SocketOut(connection, () -> c.close(false)));
                c.setErr(new RemoteErrors());
            });
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        // Only once open: a channel refused on a full connection is tried on another, with the same local connection.
        channel.addCloseFutureListener(f -> closeQuietly(connection));
    }

    @Override
    public void close() {
        closeQuietly(engineSocket);
        try {
            Files.deleteIfExists(socketDir.resolve("docker.sock"));
            Files.deleteIfExists(socketDir);
        } catch (IOException ignored) {
            // A temporary folder; the next start makes its own.
        }
        for (ClientSession s : overflow) {
            s.close(true);
        }
        session.close(true);
        client.stop();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing a connection that is done.
        }
    }

    /**
     * Reads the socket straight (not through Channels.newInputStream, whose lock would block writes
     * while a read waits). A connection the local side reset ends like one it closed: an end of input.
     */
    private static final class SocketIn extends InputStream {
        private final SocketChannel channel;

        SocketIn(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            try {
                return channel.read(ByteBuffer.wrap(b, off, len));
            } catch (IOException closedOrReset) {
                return -1;
            }
        }
    }

    /**
     * Writes what the engine sends to the local connection. The local side may hang up first
     * (docker-java closes a stream it no longer wants, a kept connection is discarded): what still
     * arrives for it is dropped and its channel closed. An exception thrown from here would reach
     * MINA's read loop and close the whole SSH connection, with every call, stream and tunnel on it
     * (seen as "Broken pipe" on the SSH connection itself right after a log stream was closed).
     */
    static final class SocketOut extends OutputStream {
        private final SocketChannel channel;
        private final Runnable onHangUp;
        private volatile boolean hungUp;

        SocketOut(SocketChannel channel, Runnable onHangUp) {
            this.channel = channel;
            this.onHangUp = onHangUp;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (hungUp) {
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException gone) {
                hungUp = true;
                onHangUp.run();
            }
        }

        /**
         * Nothing: MINA closes a channel's streams when the channel closes, also one refused on a full
         * connection, whose local connection is then tried on another. The bridge closes the local
         * connection itself once an open channel has closed.
         */
        @Override
        public void close() {
            // See above.
        }
    }

    /** Keeps the last line the remote command wrote on its error stream. */
    private final class RemoteErrors extends OutputStream {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (line.size() < 500) {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            String text = line.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
            line.reset();
            if (!text.isEmpty()) {
                lastRemoteError = text;
                LOG.info("{} said: {}", target.host(), text);
            }
        }
    }

    /**
     * known_hosts, strictly: an unknown key and a changed key are both refused (remembered here to
     * say which); MINA's own default would accept any key.
     */
    private static final class HostKeyCheck extends KnownHostsServerKeyVerifier {
        private volatile String refused;

        HostKeyCheck(Path knownHosts) {
            super((session, address, key) -> false, knownHosts);
            setModifiedServerKeyAcceptor(this::changed);
        }

        private volatile PublicKey unknownKey;

        private boolean changed(ClientSession session, SocketAddress address, KnownHostEntry entry, PublicKey expected, PublicKey actual) {
            refused = "changed:" + KeyUtils.getFingerPrint(actual);
            return false;
        }

        @Override
        protected boolean acceptUnknownHostKey(ClientSession session, SocketAddress address, PublicKey key) {
            refused = "unknown:" + KeyUtils.getFingerPrint(key);
            unknownKey = key;
            return false;
        }

        /** For an unknown key: the line known_hosts would get (host as OpenSSH writes it: [host]:port off port 22). */
        Remedy remedy(SshTarget target) {
            PublicKey key = unknownKey;
            if (key == null) {
                return null;
            }
            String host = target.port() > 0 && target.port() != 22 ? "[" + target.host() + "]:" + target.port() : target.host();
            return new Remedy.TrustHostKey(target.host(), KeyUtils.getFingerPrint(key),
                    host + " " + PublicKeyEntry.toString(key));
        }

        String explain(SshTarget target, Exception e) {
            String why = refused;
            String host = target.host();
            if (why != null && why.startsWith("changed:")) {
                return "The SSH host key of " + host + " has changed (it now shows " + why.substring(8) + "), so dbdock did not "
                        + "connect: someone may be intercepting the connection. If the machine was reinstalled, check the new key "
                        + "with its owner and replace the old line in ~/.ssh/known_hosts.";
            }
            if (why != null && why.startsWith("unknown:")) {
                return "The SSH host key of " + host + " is not known on this computer (it shows " + why.substring(8)
                        + "), so dbdock did not connect.";
            }
            String message = rootMessage(e);
            if (message.toLowerCase().contains("auth")) {
                return "The SSH server at " + host + " did not accept dbdock's keys for " + target.describeUser()
                        + ". dbdock uses the keys your SSH agent holds and the keys in ~/.ssh (id_ed25519, id_ecdsa, id_rsa, or "
                        + "IdentityFile in ~/.ssh/config); a key with a passphrase only through the agent, once unlocked there.";
            }
            return "Could not reach " + host + " over SSH (" + message + "). Check that the machine is on and that ssh "
                    + target.describe() + " works from this computer.";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
