package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.StorageKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Named, labelled Docker volumes as storage: kept on delete, reused, removed with the data. */
@RequiresDocker
class VolumeStorageIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgres"})
    void volumeLifecycle(String engineId) throws Exception {
        String name = t.name("vol-" + engineId);
        InstanceSnapshot s = t.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.VOLUME));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        String volume = s.record().storageLocation();
        Map<String, String> labels = t.docker.volumeLabels(volume);
        assertEquals("true", labels.get("io.dbdock.managed"));
        assertEquals(s.record().id().toString(), labels.get("io.dbdock.instance"));
        EngineSpec engine = t.service.engine(s.record());
        DataClient.write(engine, t.service.endpoint(s.record()), "in-volume");

        t.service.delete(name, false);
        assertTrue(t.docker.volumeExists(volume), "volume kept");

        InstanceSnapshot again = t.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.VOLUME));
        assertEquals(InstanceState.READY, again.state(), again.detail());
        assertEquals(List.of("in-volume"), DataClient.read(engine, t.service.endpoint(again.record())));

        t.service.delete(name, true);
        assertTrue(!t.docker.volumeExists(volume), "volume removed with the data");
    }

    /**
     * Every generation of an instance's storage goes with --delete-data: the volume it took back from
     * an earlier instance of its name, the one a restore moved it to, the one an upgrade made. Nothing
     * of it is left, labelled or not, and no helper left a dangling volume (folder storage).
     */
    @ParameterizedTest
    @ValueSource(strings = {"VOLUME", "FOLDER"})
    void deleteWithDataRemovesEveryGenerationOfTheStorage(StorageKind storage) throws Exception {
        String name = t.name("gen-" + storage.id());
        CliRunner cli = new CliRunner(t.root.path());
        String danglingBefore = Docker.run("volume", "ls", "-q", "--filter", "dangling=true");
        t.create(CreateRequest.of("mariadb").withVersion("10.11").withName(name).withStorage(storage));
        t.write(name, "one");
        t.service.delete(name, false); // kept: the next instance of this name takes it back
        t.create(CreateRequest.of("mariadb").withVersion("10.11").withName(name).withStorage(storage));
        String slug = t.record(name).slug();
        var backup = t.service.backup(name, null, p -> { });
        t.service.restore(name, backup.file(), p -> { });
        t.service.upgrade(name, "11.8", p -> { });
        assertEquals(List.of("one"), t.read(name));
        java.nio.file.Path home = java.nio.file.Path.of(t.record(name).home());

        CliRunner.Run rm = cli.run(null, "rm", name, "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.out() + rm.err());
        assertEquals("", Docker.run("volume", "ls", "-q", "--filter", "name=dbdock-" + slug), "no volume of " + name + " is left");
        assertTrue(!java.nio.file.Files.exists(home), "the instance folder is gone: " + home);
        assertEquals(danglingBefore, Docker.run("volume", "ls", "-q", "--filter", "dangling=true"), "no dangling volume was made");
    }
}
