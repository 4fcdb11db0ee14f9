package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Two dbdock processes (this one, as the window, and the CLI) change the same instance at the
 * same moment: the changes happen one after the other, the list is never clobbered, and the
 * container always matches the record (same port, Ready).
 */
@RequiresDocker
class ConcurrentProcessesIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private Process cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar")).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DBDOCK_HOME", t.root.path().toString());
        pb.environment().put("DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX);
        return pb.start();
    }

    @Test
    void twoProcessesMovingTheSameInstanceAtOnceEndConsistent() throws Exception {
        String name = t.name("both");
        InstanceRecord made = t.create(CreateRequest.of("redis").withName(name)).record();
        Path lockFile = t.root.path().resolve("locks").resolve(made.id() + ".lock");
        for (int round = 0; round < 3; round++) {
            Process other = cli("port", name, "--reassign");
            // Ours starts once the other process has taken the instance's lock (it signs the lock file with its
            // process id): ours then has to wait for it, which is the case under test.
            String otherPid = String.valueOf(other.pid());
            long deadline = System.currentTimeMillis() + 60_000;
            while (!readQuietly(lockFile).equals(otherPid)) {
                assertTrue(other.isAlive() && System.currentTimeMillis() < deadline, "the other process took the lock");
                Thread.sleep(5);
            }
            CompletableFuture<Void> ours = CompletableFuture.runAsync(() -> t.service.reassignPort(name, null, true));
            String out = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(other.waitFor(120, TimeUnit.SECONDS));
            ours.get(120, TimeUnit.SECONDS);
            assertEquals(0, other.exitValue(), out);

            List<InstanceRecord> records = new InstanceStore(t.root).load();
            assertEquals(1, records.size(), "one record, not clobbered: " + records);
            InstanceRecord r = records.get(0);
            String published = Docker.run("port", r.containerName(), "6379/tcp");
            assertTrue(published.endsWith(":" + r.port()), "round " + round + ": the container publishes " + published
                    + " but the record says " + r.port());
            assertEquals(InstanceState.READY, t.service.refresh(true).get(0).state());
            try (Jedis jedis = new Jedis("127.0.0.1", r.port())) {
                jedis.auth(t.service.password(r));
                assertEquals("PONG", jedis.ping());
            }
        }
    }

    /**
     * While one process is changing an instance (here: this test holds that instance's lock, as a
     * dbdock in the middle of a change does), a change from another process waits for it, then runs.
     */
    @Test
    void aChangeFromAnotherProcessWaitsForTheOneInProgress() throws Exception {
        String name = t.name("wait");
        t.create(CreateRequest.of("redis").withName(name));
        InstanceRecord r = t.record(name);
        java.nio.file.Path lockFile = t.root.path().resolve("locks").resolve(r.id() + ".lock");
        Process stop;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            stop = cli("stop", name);
            assertTrue(!stop.waitFor(4, TimeUnit.SECONDS), "the CLI waits while the other change is in progress");
            assertEquals("true", Docker.run("inspect", "-f", "{{.State.Running}}", r.containerName()));
        }
        long released = System.nanoTime();
        String out = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stop.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, stop.exitValue(), out);
        System.out.println("TIMING the waiting CLI stop finished " + (System.nanoTime() - released) / 1_000_000
                + " ms after the lock was released");
        assertEquals("false", Docker.run("inspect", "-f", "{{.State.Running}}", r.containerName()));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
