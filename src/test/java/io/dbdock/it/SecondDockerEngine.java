package io.dbdock.it;

import io.dbdock.docker.DockerConnection;
import io.dbdock.docker.DockerEndpoints;
import io.dbdock.docker.DockerJavaGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second, private Docker engine that a test may kill, freeze and restart without disturbing
 * the engine every other test uses: its own socket, data-root, exec-root, pidfile and bridge.
 * It runs with live-restore, so containers keep running (with their data) while it is down, as
 * they do when a user's engine crashes. Like a system install (dockerd plus containerd.service), it
 * runs its own containerd, so killing dockerd leaves containerd and the containers alone. The
 * data-root lives under /var/lib so the images loaded into it survive from one run to the next.
 * Needs root, as dockerd does.
 */
final class SecondDockerEngine implements AutoCloseable {
    private static final Path RUN = Path.of("/tmp/dbdock-it-docker2");
    private static final Path DATA_ROOT = Path.of("/var/lib/dbdock-it-docker2");
    private static final String BRIDGE = "dbdock-it-br0";
    private static final String BRIDGE_ADDRESS = "172.31.250.1/24";
    static final String SOCKET = "unix://" + RUN.resolve("docker.sock");

    private static final Path CONTAINERD_SOCKET = RUN.resolve("containerd.sock");
    private Process daemon;
    private Process containerd;
    /** More of dockerd's options: a TLS listener (see {@link #startWithTls}). */
    private List<String> listeners = List.of();

    /**
     * The same engine, also listening on tcp://127.0.0.1:PORT with TLS: only clients with a
     * certificate signed by the CA in {@code certs} (ca.pem; the server's server-cert.pem and
     * server-key.pem) get in, as on a remote engine set up by the book.
     */
    static SecondDockerEngine startWithTls(Path certs, int port) throws Exception {
        return start(List.of("--host", "tcp://127.0.0.1:" + port, "--tlsverify", "--tlscacert", certs.resolve("ca.pem").toString(),
                "--tlscert", certs.resolve("server-cert.pem").toString(), "--tlskey", certs.resolve("server-key.pem").toString()));
    }

    /** Starts the engine and waits until it answers; fails the test with its log otherwise. */
    static SecondDockerEngine start() throws Exception {
        return start(List.of());
    }

    private static SecondDockerEngine start(List<String> listeners) throws Exception {
        Requirements.requireDocker();
        if (!"0".equals(output("id", "-u"))) {
            Requirements.unavailable("dbdock.docker.required", "DOCKER FAULT TESTS SKIPPED: a second dockerd needs root");
        }
        SecondDockerEngine engine = new SecondDockerEngine();
        engine.listeners = listeners;
        engine.prepareBridge();
        engine.clearLeftovers();
        engine.startContainerd();
        engine.startDaemon();
        return engine;
    }

    /** A dbdock connection to this engine only (never the discovered one). */
    DockerConnection connection() {
        return new DockerConnection(() -> DockerJavaGateway.connect(List.of(new DockerEndpoints.Candidate(SOCKET, "test engine"))));
    }

    /** Copies images from the main engine unless this one has them already (~17 s for a stand-in, once per machine). */
    void loadImages(String... images) throws Exception {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            if (run(List.of("docker", "-H", SOCKET, "image", "inspect", image)) != 0) {
                missing.add(image);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String refs = String.join(" ", missing);
        int rc = run(List.of("bash", "-c", "set -o pipefail; docker save " + refs + " | docker -H " + SOCKET + " load -q"));
        if (rc != 0) {
            throw new IllegalStateException("could not copy " + refs + " into the second engine");
        }
    }

    /** SIGKILL, as a crash does: containers stay up (live-restore), the API is gone. */
    void kill() throws Exception {
        if (daemon != null) {
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
            daemon = null;
        }
    }

    /** SIGSTOP: the socket still accepts connections but nothing answers, as a hung engine does. */
    void freeze() throws Exception {
        signal("STOP");
    }

    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        if (daemon != null && run(List.of("kill", "-" + name, Long.toString(daemon.pid()))) != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    void restart() throws Exception {
        kill();
        startDaemon();
    }

    private void prepareBridge() throws Exception {
        if (run(List.of("ip", "link", "show", BRIDGE)) != 0) {
            must(List.of("ip", "link", "add", "name", BRIDGE, "type", "bridge"));
            must(List.of("ip", "addr", "add", BRIDGE_ADDRESS, "dev", BRIDGE));
        }
        must(List.of("ip", "link", "set", BRIDGE, "up"));
    }

    /** A run killed half-way leaves its daemons behind: end them (the containers are removed later by close()). */
    private void clearLeftovers() throws Exception {
        Files.createDirectories(RUN);
        run(List.of("bash", "-c", "for f in " + RUN.resolve("docker.pid") + " " + RUN.resolve("containerd.pid")
                + "; do [ -f $f ] && { kill -CONT $(cat $f); kill -9 $(cat $f); rm -f $f; }; done 2>/dev/null; "
                + "pkill -9 -f '" + RUN + "/exec/containerd/containerd.toml' ; sleep 0.3; true"));
    }

    private void startContainerd() throws Exception {
        Files.createDirectories(RUN);
        Files.deleteIfExists(CONTAINERD_SOCKET);
        containerd = new ProcessBuilder("containerd", "--address", CONTAINERD_SOCKET.toString(),
                "--root", DATA_ROOT.resolve("containerd-own").toString(), "--state", RUN.resolve("containerd-state").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(RUN.resolve("containerd.log").toFile()))
                .start();
        Files.writeString(RUN.resolve("containerd.pid"), Long.toString(containerd.pid()));
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(CONTAINERD_SOCKET)) {
            if (!containerd.isAlive()) {
                throw new IllegalStateException("the second containerd did not start:\n" + tail(RUN.resolve("containerd.log")));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Before Docker 23 an engine's ID comes from /etc/docker/key.json, read once when it starts (from 23 on from
     * data-root/engine-id, already this engine's own). Sharing the first engine's file would give two engines one
     * ID, as no two machines have: while this one starts, the file is its own key (kept in its data root, made by
     * dockerd the first time), and the machine's file is put back as soon as it has answered.
     */
    private static final class OwnTrustKey implements AutoCloseable {
        private static final Path MACHINE_KEY = Path.of("/etc/docker/key.json");
        private static final Path OWN_KEY = DATA_ROOT.resolve("key.json");
        private static final Path SAVED = RUN.resolve("machine-key.json");
        private final boolean swapped;

        private OwnTrustKey(boolean swapped) {
            this.swapped = swapped;
        }

        static OwnTrustKey install() throws Exception {
            if (!idFromTrustKey() || !Files.exists(MACHINE_KEY)) {
                return new OwnTrustKey(false);
            }
            Files.copy(MACHINE_KEY, SAVED, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (Files.exists(OWN_KEY)) {
                Files.copy(OWN_KEY, MACHINE_KEY, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.delete(MACHINE_KEY);
            }
            return new OwnTrustKey(true);
        }

        /** The engine is up: a key it made stays its own for later starts. */
        void keep() throws Exception {
            if (swapped && !Files.exists(OWN_KEY) && Files.exists(MACHINE_KEY)) {
                Files.createDirectories(DATA_ROOT);
                Files.copy(MACHINE_KEY, OWN_KEY);
            }
        }

        @Override
        public void close() throws Exception {
            if (swapped) {
                Files.copy(SAVED, MACHINE_KEY, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private static boolean idFromTrustKey() throws Exception {
            Process p = new ProcessBuilder("dockerd", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("version (\\d+)\\.").matcher(out);
            return m.find() && Integer.parseInt(m.group(1)) < 23;
        }
    }

    private void startDaemon() throws Exception {
        Files.createDirectories(RUN);
        Path log = RUN.resolve("dockerd.log");
        // A daemon left by an earlier, killed test run would hold the pidfile and socket.
        Path pidFile = RUN.resolve("docker.pid");
        if (Files.exists(pidFile)) {
            run(List.of("bash", "-c", "kill -CONT $(cat " + pidFile + ") 2>/dev/null; kill -9 $(cat " + pidFile + ") 2>/dev/null; sleep 0.5"));
            Files.deleteIfExists(pidFile);
        }
        List<String> command = new ArrayList<>(List.of("dockerd", "--host", SOCKET, "--data-root", DATA_ROOT.toString(),
                "--exec-root", RUN.resolve("exec").toString(), "--pidfile", pidFile.toString(),
                "--containerd", CONTAINERD_SOCKET.toString(),
                "--bridge", BRIDGE, "--iptables=false", "--ip-masq=false", "--live-restore"));
        command.addAll(listeners);
        try (OwnTrustKey own = OwnTrustKey.install()) {
            daemon = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                if (run(List.of("docker", "-H", SOCKET, "version")) == 0) {
                    own.keep();
                    return;
                }
                if (!daemon.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the second dockerd did not start:\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The docker command line against this engine. */
    String docker(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", SOCKET));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    private static void must(List<String> cmd) throws Exception {
        if (run(cmd) != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed");
        }
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private static String output(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    /** Removes every container this engine has and stops it; its images stay for the next run. */
    @Override
    public void close() throws Exception {
        try {
            if (daemon == null) {
                startDaemon();
            }
            String ids = docker("ps", "-aq");
            if (!ids.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
                rm.addAll(List.of(ids.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
        } finally {
            if (daemon != null) {
                daemon.destroy();
                daemon.waitFor(20, TimeUnit.SECONDS);
                daemon = null;
            }
            if (containerd != null) {
                containerd.destroy();
                if (!containerd.waitFor(20, TimeUnit.SECONDS)) {
                    containerd.destroyForcibly();
                }
                containerd = null;
                Files.deleteIfExists(RUN.resolve("containerd.pid"));
            }
        }
    }
}
