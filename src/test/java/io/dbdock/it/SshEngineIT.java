package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A Docker engine on another machine reached through an ssh:// docker context (made with the docker
 * CLI), as the docker CLI reaches it: the machine is a network namespace with its own engine and
 * OpenSSH server ({@link SshDockerHost}); its published ports exist only there, so every answer
 * from an instance came through dbdock's tunnel.
 */
@RequiresDocker
class SshEngineIT {
    private static final Pattern TUNNEL = Pattern.compile("Tunnel open: 127\\.0\\.0\\.1:(\\d+) -> ");
    private static SshDockerHost host;
    private static TestInstances t;
    private static Path home;

    @BeforeAll
    static void setUp() throws Exception {
        Requirements.requireDocker();
        host = SshDockerHost.start();
        home = host.home;
        host.loadImages(Requirements.IMAGE_PREFIX + "redis:8", Requirements.IMAGE_PREFIX + "postgres:18");
        t = new TestInstances();
        String made = WindowSupport.run("docker", "--config", home.resolve(".docker").toString(), "context", "create", "it-ssh",
                "--description", "a machine over SSH", "--docker", "host=ssh://root@" + SshDockerHost.ADDRESS);
        assertTrue(made.contains("it-ssh"), made);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (t != null) {
            t.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** dbdock as the test user: their ~/.ssh and ~/.docker, the ssh context (null: this machine's engine). */
    private static CliRunner cli(String context) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("DOCKER_CONFIG", null);
        env.put("DOCKER_HOST", null);
        env.put("DOCKER_CONTEXT", context);
        env.put("SSH_AUTH_SOCK", null);
        return new CliRunner(t.root.path(), env, List.of("-Duser.home=" + home));
    }

    private static boolean onHost(String name) throws Exception {
        return host.docker("ps", "-a", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name));
    }

    @Test
    void anInstanceOnTheSshEngineIsReachedThroughItsTunnelAndLeavesNothingBehind() throws Exception {
        CliRunner cli = cli("it-ssh");
        CliRunner.Run contexts = cli.run(null, "contexts", "--json");
        JsonNode ssh = null;
        for (JsonNode n : Json.mapper().readTree(contexts.out())) {
            if (n.path("name").asText().equals("it-ssh")) {
                ssh = n;
            }
        }
        assertTrue(ssh != null && ssh.path("reachable").asBoolean(), contexts.out() + contexts.err());
        assertTrue(ssh.path("engine").asText().startsWith("Docker " + host.docker("version", "--format", "{{.Server.Version}}")),
                ssh.toString());

        String name = t.name("ssh");
        long started = System.nanoTime();
        CliRunner.Run create = cli.run(null, "create", "--engine", "redis", "--name", name);
        long createMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, create.code(), create.out() + create.err());
        assertTrue(create.out().contains("Ready"), "Ready was probed through the tunnel: " + create.out());
        assertTrue(onHost(name), "the container runs on the SSH host's engine");
        assertFalse(WindowSupport.run("docker", "ps", "-a", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)),
                "and not on this machine's own");
        // The same on this machine's engine, in the same run, for the comparison the README gives.
        String localName = t.name("here");
        long localStarted = System.nanoTime();
        CliRunner.Run local = cli(null).run(null, "--context", "default", "create", "--engine", "redis", "--name", localName);
        long localMs = (System.nanoTime() - localStarted) / 1_000_000;
        assertEquals(0, local.code(), local.out() + local.err());
        System.out.println("[ssh engine] create --engine redis to Ready, JVM start included: over SSH " + createMs
                + " ms, on this machine's engine " + localMs + " ms");
        JsonNode info = Json.mapper().readTree(cli.run(null, "info", name, "--json").out());
        assertEquals("volume", info.path("storage").asText(), "a host folder would be on the other machine: " + info);
        assertEquals("it-ssh", info.path("context").asText(), info.toString());
        String table = cli.run(null, "info", name).out();
        assertTrue(table.contains("Reached through") && table.contains("dbdock tunnel " + name), table);
        assertTrue(create.out().contains("dbdock tunnel " + name), "create says how the address stays open: " + create.out());
        assertTrue(host.docker("volume", "ls", "-q").contains(name), "its volume is on the SSH host");

        CliRunner.Run folder = cli.run(null, "create", "--engine", "redis", "--name", t.name("ssh-folder"), "--storage", "folder");
        assertEquals(2, folder.code(), folder.out() + folder.err());
        assertTrue(folder.err().contains("cannot hold the data of an instance on"), folder.err());

        String url = cli.run(null, "url", name).out().trim();
        String password = URI.create(url).getUserInfo().split(":", 2)[1];
        Process tunnel = cli.command("tunnel", name).redirectErrorStream(true).start();
        try {
            BlockingQueue<String> lines = follow(tunnel);
            int port = tunnelPort(lines);
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.auth(password);
                assertEquals("OK", jedis.set("through", "ssh"));
                fill(jedis);
            }

            // The machine's SSH server goes away: the tunnel says so, then comes back by itself.
            host.stopSshd();
            String lost = awaitLine(lines, "lost the connection", 30);
            assertTrue(lost.contains("it-ssh"), lost);
            host.startSshd();
            String again = awaitLine(lines, "Connected again", 30);
            int portAgain = Integer.parseInt(again.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
            try (Jedis jedis = new Jedis("127.0.0.1", portAgain)) {
                jedis.auth(password);
                assertEquals("ssh", jedis.get("through"), "the same server, through the new connection");
            }
        } finally {
            tunnel.destroy();
            tunnel.waitFor(10, TimeUnit.SECONDS);
        }

        CliRunner.Run stop = cli.run(null, "stop", name);
        assertEquals(0, stop.code(), stop.out() + stop.err());
        CliRunner.Run start = cli.run(null, "start", name);
        assertEquals(0, start.code(), start.out() + start.err());
        assertTrue(start.out().contains("Ready"), start.out());

        // Backup and restore stream through the SSH connection; the shell runs the client in the container there.
        long backupStarted = System.nanoTime();
        CliRunner.Run backup = cli.run(null, "backup", name);
        long backupMs = (System.nanoTime() - backupStarted) / 1_000_000;
        assertEquals(0, backup.code(), backup.out() + backup.err());
        // The same data in the instance on this machine's engine, backed up the same way, for the comparison.
        try (Jedis jedis = new Jedis(URI.create(cli(null).run(null, "--context", "default", "url", localName).out().trim()))) {
            fill(jedis);
        }
        long localBackupStarted = System.nanoTime();
        CliRunner.Run localBackup = cli(null).run(null, "--context", "default", "backup", localName);
        long localBackupMs = (System.nanoTime() - localBackupStarted) / 1_000_000;
        assertEquals(0, localBackup.code(), localBackup.out() + localBackup.err());
        System.out.println("[ssh engine] backup of " + FILL_MB + " MB of random values, JVM start included: over SSH " + backupMs
                + " ms (" + backup.out().trim() + "), on this machine's engine " + localBackupMs + " ms (" + localBackup.out().trim() + ")");
        CliRunner.Run changed = cli.run(null, "shell", name, "-c", "SET through changed");
        assertEquals(0, changed.code(), changed.out() + changed.err());
        CliRunner.Run restore = cli.run(null, "restore", name, "--yes");
        assertEquals(0, restore.code(), restore.out() + restore.err());
        CliRunner.Run read = cli.run(null, "shell", name, "-c", "GET through");
        assertEquals("ssh", read.out().trim(), "the backup's value is back: " + read.out() + read.err());

        // This machine's engine sees an instance of another engine, and leaves it alone.
        CliRunner.Run refused = cli(null).run(null, "--context", "default", "stop", name);
        assertEquals(5, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--context it-ssh"), refused.err());

        CliRunner.Run rm = cli.run(null, "rm", name, "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.out() + rm.err());
        assertFalse(onHost(name), "the container is gone from the SSH host");
        assertFalse(host.docker("volume", "ls", "-q").contains(name), "and its volume");
    }

    /**
     * PostgreSQL there, as a user would drive it: Ready through the tunnel, a JDBC client here
     * writes through `dbdock tunnel`, stop/start, backup, a change, restore of the newest backup,
     * and a delete with the data that leaves nothing on that machine.
     */
    @Test
    void aPostgresInstanceThereIsWrittenThroughItsTunnelBackedUpRestoredAndDeleted() throws Exception {
        CliRunner cli = cli("it-ssh");
        String name = t.name("ssh-pg");
        CliRunner.Run create = cli.run(null, "create", "--engine", "postgres", "--version", "18", "--name", name);
        assertEquals(0, create.code(), create.out() + create.err());
        assertTrue(create.out().contains("Ready"), "Ready was probed through the tunnel: " + create.out());
        assertTrue(onHost(name), "the container runs on the SSH host's engine");

        URI url = URI.create(cli.run(null, "url", name).out().trim());
        String[] user = url.getUserInfo().split(":", 2);
        String database = url.getPath().substring(1);
        Process tunnel = cli.command("tunnel", name).redirectErrorStream(true).start();
        try {
            int port = tunnelPort(follow(tunnel));
            io.dbdock.engine.Endpoint through = new io.dbdock.engine.Endpoint("127.0.0.1", port,
                    new io.dbdock.engine.Credentials(user[0], user[1], database));
            io.dbdock.engine.EngineSpec postgres = io.dbdock.engine.EngineCatalog.standard().find("postgres").orElseThrow();
            DataClient.write(postgres, through, "through ssh");
            assertEquals(List.of("through ssh"), DataClient.read(postgres, through));
        } finally {
            tunnel.destroy();
            tunnel.waitFor(10, TimeUnit.SECONDS);
        }

        assertEquals(0, cli.run(null, "stop", name).code());
        CliRunner.Run start = cli.run(null, "start", name);
        assertTrue(start.code() == 0 && start.out().contains("Ready"), start.out() + start.err());
        CliRunner.Run backup = cli.run(null, "backup", name);
        assertEquals(0, backup.code(), backup.out() + backup.err());
        CliRunner.Run changed = cli.run(null, "shell", name, "-c", "UPDATE dbdock_it SET v = 'changed'");
        assertEquals(0, changed.code(), changed.out() + changed.err());
        CliRunner.Run restore = cli.run(null, "restore", name, "--yes");
        assertEquals(0, restore.code(), restore.out() + restore.err());
        CliRunner.Run read = cli.run(null, "shell", name, "-c", "SELECT v FROM dbdock_it");
        assertTrue(read.out().contains("through ssh") && !read.out().contains("changed"), "the backup's row is back: " + read.out() + read.err());

        CliRunner.Run rm = cli.run(null, "rm", name, "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.out() + rm.err());
        assertFalse(onHost(name), "the container is gone from the SSH host");
        assertFalse(host.docker("volume", "ls", "-q").contains(io.dbdock.instance.InputRules.slug(name)), "and its volumes");
    }

    /**
     * A client that hangs up before the engine has answered (docker-java closing a stream it no
     * longer wants, a kept connection discarded) costs only its own API connection: the SSH
     * connection, with every other call, stream and tunnel on it, stays. (The answer still arriving
     * for the closed connection once made MINA close the whole SSH connection: "Broken pipe".)
     */
    @Test
    void aClientHangingUpBeforeTheEngineAnswersLeavesTheSshConnectionAlone() throws Exception {
        int logBefore = host.sshdLog().length();
        try (io.dbdock.ssh.SshLink link = io.dbdock.ssh.SshLink.open("ssh://root@" + SshDockerHost.ADDRESS, home)) {
            var socket = java.net.UnixDomainSocketAddress.of(java.net.URI.create(link.engineAddress()).getPath());
            for (int i = 0; i < 20; i++) {
                try (var hangUp = java.nio.channels.SocketChannel.open(socket)) {
                    hangUp.write(java.nio.ByteBuffer.wrap("GET /version HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes()));
                }
            }
            String answer = ping(socket); // behind the twenty answers on the same SSH connection
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("OK"), "the engine still answers: " + answer);
            assertTrue(link.isOpen(), "the SSH connection stays");
            // This connection's resets only: other tests' clients (a tunnel process ended) may be logged meanwhile.
            assertEquals(0, count(host.sshdLog().substring(logBefore), "port " + link.localPort() + ": Connection reset by peer"),
                    "and was never reset");
        }
    }

    /**
     * More API connections at once than OpenSSH takes channels on one SSH connection (MaxSessions,
     * 10 by default; each stream dbdock follows is one): the rest go over another SSH connection.
     */
    @Test
    void moreApiConnectionsAtOnceThanOneSshConnectionTakesAllAnswer() throws Exception {
        try (io.dbdock.ssh.SshLink link = io.dbdock.ssh.SshLink.open("ssh://root@" + SshDockerHost.ADDRESS, home)) {
            var socket = java.net.UnixDomainSocketAddress.of(java.net.URI.create(link.engineAddress()).getPath());
            List<java.nio.channels.SocketChannel> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 14; i++) {
                    var c = java.nio.channels.SocketChannel.open(socket);
                    open.add(c);
                    c.write(java.nio.ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes()));
                    String answer = readUntil(c, "\r\n\r\nOK");
                    assertTrue(answer.startsWith("HTTP/1.1 200"), "connection " + (i + 1) + " of 14, all kept open: " + answer);
                }
            } finally {
                for (var c : open) {
                    c.close();
                }
            }
            assertTrue(link.isOpen());
        }
    }

    /** What a kept-alive connection has answered, up to and with {@code end}. */
    private static String readUntil(java.nio.channels.SocketChannel c, String end) throws Exception {
        StringBuilder got = new StringBuilder();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
        while (!got.toString().endsWith(end)) {
            buffer.clear();
            if (c.read(buffer) < 0) {
                break; // closed: what came so far says why
            }
            got.append(new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return got.toString();
    }

    /** One whole HTTP exchange over the engine socket: the status line ... the body. */
    private static String ping(java.net.UnixDomainSocketAddress socket) throws Exception {
        try (var c = java.nio.channels.SocketChannel.open(socket)) {
            c.write(java.nio.ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n".getBytes()));
            return new String(java.nio.channels.Channels.newInputStream(c).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    @Test
    void aChangedOrUnknownHostKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        CliRunner cli = cli("it-ssh");
        String containersBefore = host.docker("ps", "-aq");
        try {
            host.trustHostKey(SshDockerHost.anotherKey());
            int acceptedBefore = count(host.sshdLog(), "Accepted publickey");
            CliRunner.Run changed = cli.run(null, "create", "--engine", "redis", "--name", t.name("mitm"));
            assertEquals(3, changed.code(), changed.out() + changed.err());
            assertTrue(changed.err().contains("The SSH host key of " + SshDockerHost.ADDRESS + " has changed")
                    && changed.err().contains("known_hosts"), changed.err());
            assertFalse(changed.err().contains("Exception"), changed.err());
            assertEquals(acceptedBefore, count(host.sshdLog(), "Accepted publickey"), "dbdock never logged in");

            host.trustHostKey(null);
            CliRunner.Run unknown = cli.run(null, "contexts");
            assertTrue(unknown.err().contains("is not known on this computer"), unknown.out() + unknown.err());
            CliRunner.Run create = cli.run(null, "create", "--engine", "redis", "--name", t.name("unknown-key"));
            assertEquals(3, create.code(), create.out() + create.err());
            assertTrue(create.err().contains("is the key the machine's owner gives you, accept it once with ssh " + SshDockerHost.ADDRESS),
                    "the command line names the way to accept it: " + create.err());
            assertEquals(acceptedBefore, count(host.sshdLog(), "Accepted publickey"), "nor with an unknown key");
        } finally {
            host.trustHostKey(host.hostKey);
        }
        assertEquals(containersBefore, host.docker("ps", "-aq"), "nothing was made on the host");
    }

    /**
     * A key with a passphrase is not read from its file (dbdock has nobody to ask) but used through
     * the user's ssh-agent, which holds it unlocked: the agent signs, the key never leaves it.
     */
    @Test
    void aKeyWithAPassphraseIsUsedThroughTheAgent() throws Exception {
        Path dir = Files.createTempDirectory("dbdock-it-agent");
        Path locked = dir.resolve("id_ed25519");
        Path own = home.resolve(".ssh/id_ed25519");
        Path ownKept = dir.resolve("own-key");
        WindowSupport.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "it passphrase", "-f", locked.toString());
        Files.move(own, ownKept);
        Files.copy(locked, own);
        host.authorizeOnly(Path.of(locked + ".pub"));
        ProcessHandle agent = null;
        try {
            int acceptedBefore = count(host.sshdLog(), "Accepted publickey");
            CliRunner.Run without = cli("it-ssh").run(null, "contexts", "--json");
            JsonNode refused = context(without, "it-ssh");
            assertFalse(refused.path("reachable").asBoolean(), without.out());
            assertTrue(refused.path("problem").asText().contains("a key with a passphrase only through the agent"), refused.toString());
            assertEquals(acceptedBefore, count(host.sshdLog(), "Accepted publickey"), "no login without the agent");

            Path socket = dir.resolve("agent.sock");
            // Without -D it binds the socket, prints its pid and leaves it running: started once the command returns.
            String started = WindowSupport.run("ssh-agent", "-s", "-a", socket.toString());
            Matcher pid = Pattern.compile("SSH_AGENT_PID=(\\d+)").matcher(started);
            assertTrue(pid.find(), started);
            agent = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();
            Path askpass = dir.resolve("askpass");
            Files.writeString(askpass, "#!/bin/sh\necho 'it passphrase'\n");
            assertTrue(askpass.toFile().setExecutable(true));
            ProcessBuilder add = new ProcessBuilder("ssh-add", locked.toString()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            add.environment().putAll(Map.of("SSH_AUTH_SOCK", socket.toString(), "SSH_ASKPASS", askpass.toString(),
                    "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"));
            Process adding = add.start();
            String added = new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, adding.waitFor(), added);

            Map<String, String> env = new java.util.HashMap<>(Map.of("DOCKER_CONTEXT", "it-ssh", "SSH_AUTH_SOCK", socket.toString()));
            env.put("DOCKER_CONFIG", null);
            env.put("DOCKER_HOST", null);
            CliRunner.Run with = new CliRunner(t.root.path(), env, List.of("-Duser.home=" + home)).run(null, "contexts", "--json");
            JsonNode reached = context(with, "it-ssh");
            assertTrue(reached.path("reachable").asBoolean(), with.out() + with.err());
            String fingerprint = WindowSupport.run("ssh-keygen", "-l", "-f", locked + ".pub").split("\\s+")[1];
            assertTrue(host.sshdLog().contains("Accepted publickey for root from " + SshDockerHost.HOST_SIDE), host.sshdLog());
            assertTrue(host.sshdLog().lines().anyMatch(l -> l.contains("Accepted publickey") && l.contains(fingerprint)),
                    "the agent's key logged in: " + fingerprint);
        } finally {
            if (agent != null) {
                agent.destroy();
            }
            Files.delete(own);
            Files.move(ownKept, own);
            host.authorizeOnly(null);
        }
    }

    /**
     * Ports are checked where the instance publishes: a program listening on the engine's machine
     * (not a Docker publish: a container on its host network) makes a port taken; a port taken
     * only on this computer is fine there, and the tunnel takes another port here.
     */
    @Test
    void portsAreCheckedOnTheEnginesMachineNotOnThisOne() throws Exception {
        host.docker("run", "-d", "--name", "it-listener", "--network", "host", "--entrypoint", "redis-server",
                Requirements.IMAGE_PREFIX + "redis:8", "--port", "6390", "--bind", "127.0.0.1", "--save", "");
        CliRunner cli = cli("it-ssh");
        String name = t.name("ports");
        try (java.net.ServerSocket takenHere = new java.net.ServerSocket()) {
            takenHere.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int hereOnly = takenHere.getLocalPort();
            await(() -> host.docker("exec", "it-listener", "redis-cli", "-p", "6390", "ping").contains("PONG"));
            CliRunner.Run refused = cli.run(null, "create", "--engine", "redis", "--name", t.name("taken-there"), "--port", "6390");
            assertEquals(5, refused.code(), refused.out() + refused.err());
            assertTrue(refused.err().contains("a program on the machine of context 'it-ssh' is listening on port 6390"), refused.err());

            CliRunner.Run made = cli.run(null, "create", "--engine", "redis", "--name", name, "--port", Integer.toString(hereOnly));
            assertEquals(0, made.code(), "a port taken only here is free there: " + made.out() + made.err());
            assertTrue(made.out().contains("Ready"), made.out());
        } finally {
            cli.run(null, "rm", name, "--delete-data", "--yes");
        }
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        for (long deadline = System.currentTimeMillis() + 20_000; ; ) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception | AssertionError notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
            }
            assertTrue(System.currentTimeMillis() < deadline, "not reached in 20 s");
            Thread.onSpinWait();
        }
    }

    /** ProxyJump in ~/.ssh/config: the engine's machine is reached through a jump host, both host keys checked. */
    @Test
    void aHostBehindAJumpHostIsReachedWithProxyJump() throws Exception {
        int port = 2299;
        Process jump = host.startJumpHost(port);
        Path config = home.resolve(".ssh/config");
        try {
            Files.writeString(config, "Host it-behind-jump\n  HostName " + SshDockerHost.ADDRESS + "\n  User root\n"
                    + "  ProxyJump root@127.0.0.1:" + port + "\n");
            WindowSupport.run("docker", "--config", home.resolve(".docker").toString(), "context", "create", "it-jump",
                    "--docker", "host=ssh://it-behind-jump");
            CliRunner.Run contexts = cli("it-jump").run(null, "contexts", "--json");
            JsonNode reached = context(contexts, "it-jump");
            assertTrue(reached.path("reachable").asBoolean(), contexts.out() + contexts.err());
            assertTrue(host.jumpLog().contains("Accepted publickey for root from 127.0.0.1"), "through the jump host: " + host.jumpLog());
        } finally {
            Files.deleteIfExists(config);
            WindowSupport.run("docker", "--config", home.resolve(".docker").toString(), "context", "rm", "-f", "it-jump");
            jump.destroy();
            jump.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode context(CliRunner.Run contexts, String name) throws Exception {
        for (JsonNode n : Json.mapper().readTree(contexts.out())) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no context " + name + " in " + contexts.out() + contexts.err());
    }

    private static final int FILL_MB = 48;

    /** Megabytes that do not compress, so a backup's time is its transfer's. */
    private static void fill(Jedis jedis) {
        java.util.Random random = new java.util.Random(20261203);
        byte[] value = new byte[1 << 20];
        for (int i = 0; i < FILL_MB; i++) {
            random.nextBytes(value);
            jedis.set(("blob-" + i).getBytes(StandardCharsets.UTF_8), value);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static BlockingQueue<String> follow(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        }, "tunnel-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static int tunnelPort(BlockingQueue<String> lines) throws InterruptedException {
        String line = awaitLine(lines, "Tunnel open", 60);
        Matcher m = TUNNEL.matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    private static String awaitLine(BlockingQueue<String> lines, String containing, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.append(line).append('\n');
            if (line.contains(containing)) {
                return line;
            }
        }
        throw new AssertionError("no line with '" + containing + "' in " + seconds + " s; the tunnel said:\n" + seen);
    }
}
