package io.dbdock.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another machine with Docker, reached over SSH only: a network namespace of its own (a veth pair,
 * {@value #ADDRESS} there, {@value #HOST_SIDE} here) running its own containerd and dockerd and
 * Debian's OpenSSH server, with a host key and a client key made for the test. What its engine
 * publishes on 127.0.0.1 is that namespace's loopback: this machine reaches it only through an SSH
 * tunnel, as with a real remote engine. Needs root (namespaces, dockerd).
 */
final class SshDockerHost implements AutoCloseable {
    static final String NAMESPACE = "dbdock-it-ssh";
    static final String ADDRESS = "10.251.77.2";
    static final String HOST_SIDE = "10.251.77.1";
    private static final Path RUN = Path.of("/tmp/dbdock-it-docker-ssh");
    /** Under /var/lib so images loaded once stay for later runs. */
    private static final Path DATA_ROOT = Path.of("/var/lib/dbdock-it-docker-ssh");
    static final String SOCKET = "unix://" + RUN.resolve("docker.sock");

    private Process containerd;
    private Process dockerd;
    private Process sshd;
    /** The test user's home: ~/.ssh (key, known_hosts) and ~/.docker (the ssh context). */
    final Path home;
    /** The host key's public line (algorithm and key), as known_hosts holds it after the host's address. */
    final String hostKey;

    private SshDockerHost(Path home, String hostKey) {
        this.home = home;
        this.hostKey = hostKey;
    }

    static SshDockerHost start() throws Exception {
        Requirements.requireDocker();
        if (!"0".equals(output("id", "-u")) || !Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
            Requirements.unavailable("dbdock.docker.required", "SSH ENGINE TESTS SKIPPED: they need root and openssh-server");
        }
        clearLeftovers();
        prepareNamespace();
        Files.createDirectories(RUN.resolve("ssh"));
        Files.deleteIfExists(RUN.resolve("ssh/host_key"));
        Files.deleteIfExists(RUN.resolve("ssh/host_key.pub"));
        Path home = Files.createTempDirectory("dbdock-it-ssh-home");
        Files.createDirectories(home.resolve(".ssh"));
        must("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", RUN.resolve("ssh/host_key").toString());
        must("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", home.resolve(".ssh/id_ed25519").toString());
        Files.copy(home.resolve(".ssh/id_ed25519.pub"), RUN.resolve("ssh/authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String[] pub = Files.readString(RUN.resolve("ssh/host_key.pub")).trim().split("\\s+");
        SshDockerHost host = new SshDockerHost(home, pub[0] + " " + pub[1]);
        host.trustHostKey(host.hostKey);
        host.startDocker();
        host.startSshd();
        return host;
    }

    /** Writes known_hosts with this line for the host's address (the real key, another one, or none with null). */
    void trustHostKey(String keyLine) throws IOException {
        Files.writeString(home.resolve(".ssh/known_hosts"), keyLine == null ? "" : ADDRESS + " " + keyLine + "\n");
    }

    /** Only this public key (a line of a .pub file) may log in from now on; null: the home's own key again. */
    void authorizeOnly(Path publicKey) throws IOException {
        Files.copy(publicKey != null ? publicKey : home.resolve(".ssh/id_ed25519.pub"), RUN.resolve("ssh/authorized_keys"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A jump host on this machine (an OpenSSH server on 127.0.0.1:{@code port}, the same host key,
     * known to the test home), through which the SSH host is reached with ProxyJump. Close it to stop it.
     */
    Process startJumpHost(int port) throws Exception {
        Path config = RUN.resolve("ssh/jump_config");
        Files.writeString(config, sshdConfig("127.0.0.1:" + port, "jump.pid"));
        Files.deleteIfExists(RUN.resolve("jump.log"));
        Process jump = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(RUN.resolve("jump.log").toFile()).start();
        Files.writeString(RUN.resolve("jump-sshd.pid"), Long.toString(jump.pid()));
        long deadline = System.currentTimeMillis() + 20_000;
        while (run("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + port) != 0) {
            if (!jump.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the jump host's sshd did not start:\n" + tail(RUN.resolve("jump.log")));
            }
            Thread.sleep(100);
        }
        Files.writeString(home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n", java.nio.file.StandardOpenOption.APPEND);
        return jump;
    }

    /** What the jump host's sshd logged so far. */
    String jumpLog() throws IOException {
        return Files.readString(RUN.resolve("jump.log"));
    }

    /** A key of the same kind that is not the host's, as after a reinstall or on an intercepted connection. */
    static String anotherKey() throws Exception {
        Path dir = Files.createTempDirectory("dbdock-it-otherkey");
        must("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("k").toString());
        String[] pub = Files.readString(dir.resolve("k.pub")).trim().split("\\s+");
        return pub[0] + " " + pub[1];
    }

    private static void prepareNamespace() throws Exception {
        if (!output("ip", "netns", "list").lines().anyMatch(l -> l.startsWith(NAMESPACE))) {
            must("ip", "netns", "add", NAMESPACE);
        }
        if (run("ip", "link", "show", "dbdock-it-ve0") != 0) {
            must("ip", "link", "add", "dbdock-it-ve0", "type", "veth", "peer", "name", "dbdock-it-ve1");
            must("ip", "link", "set", "dbdock-it-ve1", "netns", NAMESPACE);
            must("ip", "addr", "add", HOST_SIDE + "/30", "dev", "dbdock-it-ve0");
            must("ip", "netns", "exec", NAMESPACE, "ip", "addr", "add", ADDRESS + "/30", "dev", "dbdock-it-ve1");
        }
        must("ip", "link", "set", "dbdock-it-ve0", "up");
        must("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "dbdock-it-ve1", "up");
        must("ip", "netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up");
    }

    /** A run killed half-way leaves its daemons behind. */
    private static void clearLeftovers() throws Exception {
        Files.createDirectories(RUN);
        run("bash", "-c", "for f in " + RUN + "/*.pid; do [ -f \"$f\" ] && { kill -CONT $(cat \"$f\"); kill -9 $(cat \"$f\"); rm -f \"$f\"; }; "
                + "done 2>/dev/null; true");
    }

    private void startDocker() throws Exception {
        Path containerdSocket = RUN.resolve("containerd.sock");
        Files.deleteIfExists(containerdSocket);
        containerd = inNamespace(List.of("containerd", "--address", containerdSocket.toString(),
                "--root", DATA_ROOT.resolve("containerd").toString(), "--state", RUN.resolve("containerd-state").toString()), "containerd");
        awaitFile(containerdSocket, containerd, "containerd");
        // Its own engine ID: before Docker 23 it comes from a key file, by default the machine's.
        Files.createDirectories(DATA_ROOT);
        Path config = RUN.resolve("daemon.json");
        Files.writeString(config, "{\"deprecated-key-path\": \"" + DATA_ROOT.resolve("key.json") + "\"}");
        dockerd = inNamespace(List.of("dockerd", "--config-file", config.toString(), "--host", SOCKET, "--data-root", DATA_ROOT.toString(),
                "--exec-root", RUN.resolve("exec").toString(), "--pidfile", RUN.resolve("dockerd-own.pid").toString(),
                "--containerd", containerdSocket.toString(), "--iptables=false", "--ip-masq=false"), "dockerd");
        long deadline = System.currentTimeMillis() + 30_000;
        while (run("docker", "-H", SOCKET, "version") != 0) {
            if (!dockerd.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the SSH host's dockerd did not start:\n" + tail(RUN.resolve("dockerd.log")));
            }
            Thread.sleep(200);
        }
    }

    /** Starts sshd there, or again after {@link #stopSshd()}; returns once it accepts connections. */
    void startSshd() throws Exception {
        if (sshd != null && sshd.isAlive()) {
            return;
        }
        Path config = RUN.resolve("ssh/sshd_config");
        // The docker CLI there talks to this host's engine, as /var/run/docker.sock would on a machine of its own.
        Files.writeString(config, sshdConfig(ADDRESS, "sshd.pid") + "SetEnv DOCKER_HOST=" + SOCKET + "\n");
        Files.createDirectories(Path.of("/run/sshd"));
        sshd = inNamespace(List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()), "sshd");
        long deadline = System.currentTimeMillis() + 20_000;
        while (run("ip", "netns", "exec", NAMESPACE, "bash", "-c", "exec 3<>/dev/tcp/" + ADDRESS + "/22") != 0) {
            if (!sshd.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("sshd did not start:\n" + tail(RUN.resolve("sshd.log")));
            }
            Thread.sleep(100);
        }
    }

    /** An OpenSSH server's settings: the test's host key and authorized keys, keys only, logins logged. */
    private static String sshdConfig(String listen, String pidFile) {
        return String.join("\n", "ListenAddress " + listen, "HostKey " + RUN.resolve("ssh/host_key"),
                "AuthorizedKeysFile " + RUN.resolve("ssh/authorized_keys"), "PermitRootLogin prohibit-password",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
                "AllowTcpForwarding yes", "LogLevel VERBOSE", "PidFile " + RUN.resolve("ssh/" + pidFile), "");
    }

    /** The machine's SSH server goes away (its engine and containers stay). */
    void stopSshd() throws Exception {
        if (sshd != null) {
            // The listener first, so that it forks no new session while the others are found: dbdock reconnects
            // within milliseconds of losing its session, and pids wrap, so a session may come before its listener.
            sshd.destroyForcibly();
            sshd.waitFor(10, TimeUnit.SECONDS);
            sshd = null;
            // Then the sessions it forked (named "sshd: root@notty", so found by name among the namespace's
            // processes): a session left running would keep dbdock's connection alive.
            run("bash", "-c", "for p in $(ip netns pids " + NAMESPACE + "); do [ \"$(cat /proc/$p/comm 2>/dev/null)\" = sshd ] "
                    + "&& kill -9 $p; done; true");
            if (run("ip", "netns", "exec", NAMESPACE, "bash", "-c", "exec 3<>/dev/tcp/" + ADDRESS + "/22") == 0) {
                throw new IllegalStateException("sshd still accepts connections after it was stopped");
            }
        }
    }

    /** What sshd logged so far. */
    String sshdLog() throws IOException {
        return Files.readString(RUN.resolve("sshd.log"));
    }

    /** Copies images from this machine's engine unless the host has them (once per machine). */
    void loadImages(String... images) throws Exception {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            if (run("docker", "-H", SOCKET, "image", "inspect", image) != 0) {
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            must("bash", "-c", "set -o pipefail; docker save " + String.join(" ", missing) + " | docker -H " + SOCKET + " load -q");
        }
    }

    /** The docker command line on the host's engine. */
    String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", SOCKET));
        cmd.addAll(List.of(args));
        return output(cmd.toArray(String[]::new));
    }

    private static Process inNamespace(List<String> command, String name) throws IOException {
        // nsenter, not `ip netns exec`: that one mounts a /sys of its own, without the cgroups dockerd needs.
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + NAMESPACE));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(RUN.resolve(name + ".log").toFile())).start();
        Files.writeString(RUN.resolve(name + ".pid"), Long.toString(p.pid()));
        return p;
    }

    private static void awaitFile(Path file, Process owner, String name) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(file)) {
            if (!owner.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(name + " did not start:\n" + tail(RUN.resolve(name + ".log")));
            }
            Thread.sleep(100);
        }
    }

    /** Removes every container and volume of the host's engine and stops it all; images stay for the next run. */
    @Override
    public void close() throws Exception {
        try {
            String ids = docker("ps", "-aq");
            if (!ids.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
                rm.addAll(List.of(ids.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
            String volumes = docker("volume", "ls", "-q");
            if (!volumes.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("volume", "rm", "-f"));
                rm.addAll(List.of(volumes.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
        } finally {
            stopSshd();
            for (Process p : new Process[] {dockerd, containerd}) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
            try (var pids = Files.newDirectoryStream(RUN, "*.pid")) {
                for (Path pid : pids) {
                    Files.delete(pid);
                }
            }
        }
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void must(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static int run(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
