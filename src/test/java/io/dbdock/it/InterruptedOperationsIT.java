package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * dbdock killed at each step of a create and of a delete (the CLI halts itself at the named step,
 * as SIGKILL would: no clean-up runs, the OS drops its locks). The next dbdock finishes or rolls
 * back what was left, says which, and leaves no orphan container, half instance or held port.
 */
@RequiresDocker
class InterruptedOperationsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private int cliKilledAt(String step, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddbdock.test.killAt=" + step, "-jar", Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar")).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("DBDOCK_HOME", t.root.path().toString(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        return p.exitValue();
    }

    /** The next dbdock, with nothing in memory. */
    private InstanceService next() {
        return new InstanceService(EngineCatalog.standard(), new InstanceStore(t.root), Settings.defaults(),
                DockerConnection.toDiscoveredEngine(), t.root, new ImageResolver(Map.of(), Requirements.IMAGE_PREFIX));
    }

    private boolean containerExists(String name) throws Exception {
        return new ProcessBuilder("docker", "inspect", "dbdock-" + name).start().waitFor() == 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"create:recorded", "create:reserved", "create:storage", "create:image"})
    void aCreateKilledBeforeItsDatabaseRunsIsRolledBack(String step) throws Exception {
        String name = t.name("cut-" + step.substring(step.indexOf(':') + 1));
        assertEquals(137, cliKilledAt(step, "create", "--engine", "redis", "--name", name));
        assertEquals(1, new InstanceStore(t.root).load().size(), "the killed create left its record");

        InstanceService next = next();
        List<InstanceSnapshot> states = next.refresh(false);
        assertEquals(List.of(), states, "no half instance is left");
        assertTrue(next.storeNotice().orElseThrow().contains("The creation of '" + name + "' was interrupted; dbdock removed"),
                next.storeNotice().orElse(""));
        assertFalse(containerExists(name), "no orphan container");
        assertFalse(Files.exists(t.root.instancesDir().resolve(name)), "no half-made folder");
        assertTrue(next.portProblem(6379, "127.0.0.1").isEmpty(), "the port is free again");
        next.close();
    }

    /** Killed after its marker but before its record: nothing to roll back, and the marker does not linger. */
    @Test
    void aCreateKilledBeforeItsRecordLeavesNothing() throws Exception {
        String name = t.name("cut-marked");
        assertEquals(137, cliKilledAt("create:marked", "create", "--engine", "redis", "--name", name));
        assertEquals(List.of(), new InstanceStore(t.root).load());
        Path locks = t.root.path().resolve("locks");
        assertEquals(1, markers(locks), "the killed create left its marker");

        InstanceService next = next();
        assertEquals(List.of(), next.refresh(false));
        assertEquals(0, markers(locks), "the stray marker is gone");
        assertTrue(next.storeNotice().isEmpty(), "nothing to tell: nothing had been made");
        assertFalse(containerExists(name));
        next.close();
    }

    private static long markers(Path locks) throws Exception {
        try (var files = Files.list(locks)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".inprogress")).count();
        }
    }

    @Test
    void aCreateKilledAfterItsDatabaseStartedIsKept() throws Exception {
        String name = t.name("cut-started");
        assertEquals(137, cliKilledAt("create:started", "create", "--engine", "redis", "--name", name));
        InstanceService next = next();
        List<InstanceSnapshot> states = next.refresh(true);
        assertEquals(1, states.size());
        // Killed right after the container started: the server may still be coming up (a busy machine).
        assertTrue(states.get(0).state() == InstanceState.READY || states.get(0).state() == InstanceState.STARTING,
                states.get(0).state() + " " + states.get(0).detail());
        assertTrue(next.storeNotice().orElseThrow().contains("dbdock kept it"), next.storeNotice().orElse(""));
        InstanceSnapshot ready = next.start(name, true); // running already: waits for it to accept a login
        assertEquals(InstanceState.READY, ready.state(), ready.detail());
        next.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete:container", "delete:data"})
    void aDeleteKilledHalfWayIsFinished(String step) throws Exception {
        String name = t.name("del-" + step.substring(step.indexOf(':') + 1));
        t.create(io.dbdock.instance.CreateRequest.of("redis").withName(name));
        assertEquals(137, cliKilledAt(step, "rm", name, "--delete-data", "--yes"));

        InstanceService next = next();
        assertEquals(List.of(), next.refresh(false), "the instance is gone, not half there");
        assertTrue(next.storeNotice().orElseThrow().contains("The deletion of '" + name + "' was interrupted; dbdock finished it"),
                next.storeNotice().orElse(""));
        assertFalse(containerExists(name));
        assertFalse(Files.exists(t.root.instancesDir().resolve(name)), "its data is gone as asked");
        next.close();
    }

    /** A restore killed while it loads new storage: the next dbdock puts the instance back on its data, which is unchanged. */
    @Test
    void aRestoreKilledWhileLoadingGoesBackToTheOldData() throws Exception {
        String name = t.name("cut-restore");
        t.create(io.dbdock.instance.CreateRequest.of("postgres").withName(name));
        t.write(name, "before-backup");
        Path file = t.service.backup(name, null, null).file();
        t.write(name, "after-backup");
        var before = t.record(name);

        assertEquals(137, cliKilledAt("replace:filling", "restore", name, file.toString(), "--yes"));
        assertEquals(before, new InstanceStore(t.root).load().get(0), "the record still names the old data");

        InstanceService next = next();
        List<InstanceSnapshot> states = next.refresh(true);
        assertTrue(next.storeNotice().orElseThrow().contains("A restore or upgrade of '" + name + "' was interrupted"),
                next.storeNotice().orElse(""));
        InstanceSnapshot back = next.start(name, true);
        assertEquals(InstanceState.READY, back.state(), back.detail() + " " + states);
        assertEquals(before.storageLocation(), new InstanceStore(t.root).load().get(0).storageLocation());
        assertEquals(List.of("before-backup", "after-backup"), t.read(name), "the data it had, untouched");
        assertTrue(next.storage().stream().anyMatch(e -> e.role() == io.dbdock.model.StorageEntry.Role.PREVIOUS),
                "the unfinished copy is kept aside, visible in the storage list");
        next.close();
    }
}
