package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole life of an instance of every engine, on a bind-mounted folder, against a real engine. */
@RequiresDocker
class EngineLifecycleIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mysql", "mariadb", "mongo", "redis", "valkey"})
    void createWriteStopStartDeleteKeepRecreateDeleteWithData(String engineId) throws Exception {
        InstanceService service = t.service;
        EngineSpec engine = service.catalog().find(engineId).orElseThrow();
        String name = t.name(engineId);
        // Something beside the instance that deletion must never touch.
        Path sentinel = Files.writeString(t.root.path().resolve("sentinel.txt"), "keep me");
        Files.createDirectories(t.root.instancesDir().resolve("neighbour"));
        Path neighbourFile = Files.writeString(t.root.instancesDir().resolve("neighbour/file"), "keep me too");

        long started = System.nanoTime();
        InstanceSnapshot created = t.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.FOLDER));
        long createMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("TIMING create-to-ready %s %s %d ms%n", engineId, engine.defaultVersion(), createMs);
        assertEquals(InstanceState.READY, created.state(), created.detail());
        InstanceRecord record = created.record();
        Path data = Path.of(record.storageLocation());
        assertTrue(data.startsWith(t.root.instancesDir()), data.toString());
        assertTrue(Files.isDirectory(data));

        DataClient.write(engine, service.endpoint(record), "v1");

        assertEquals(InstanceState.STOPPED, service.stop(name).state());
        assertFalse(t.docker.inspect(record.containerName()).orElseThrow().running());
        assertEquals(InstanceState.STOPPED, service.stop(name).state(), "stopping twice is fine");

        assertEquals(InstanceState.READY, service.start(name, true).state());
        assertEquals(InstanceState.READY, service.start(name, true).state(), "starting twice is fine");
        assertEquals(List.of("v1"), DataClient.read(engine, service.endpoint(record)));

        assertTrue(service.delete(name, false).isPresent());
        assertTrue(t.docker.inspect(record.containerName()).isEmpty(), "container removed");
        assertTrue(Files.isDirectory(data), "data kept");
        assertTrue(t.service.snapshots().isEmpty());

        var again = t.service.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.FOLDER), s -> { });
        assertEquals(InstanceState.READY, again.snapshot().state(), again.snapshot().detail());
        assertTrue(again.notes().get(0).contains("Reused the data"), again.notes().toString());
        assertEquals(List.of("v1"), DataClient.read(engine, service.endpoint(again.snapshot().record())));
        if (engineId.equals("postgres")) {
            // Delete stopped the server cleanly before removing its container: no crash recovery now.
            List<String> log = new java.util.ArrayList<>();
            service.logs(name, false, -1, log::add).close();
            assertTrue(log.stream().noneMatch(l -> l.contains("not properly shut down")), String.join("\n", log));
        }

        assertTrue(service.delete(name, true).isEmpty());
        assertFalse(Files.exists(Path.of(record.home())), "the instance folder is gone");
        assertEquals("keep me", Files.readString(sentinel));
        assertEquals("keep me too", Files.readString(neighbourFile));
    }
}
