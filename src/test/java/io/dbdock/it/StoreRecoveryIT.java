package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The instance list truncated, corrupted or gone (with its backup): the next dbdock starts, keeps
 * a copy of the bad file, restores what the backup has and takes every other instance of this
 * data root back from its container's labels, with its password; it says what it did.
 * Instances of another data root on the same engine are never taken.
 */
@RequiresDocker
class StoreRecoveryIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();
    @RegisterExtension
    final TestInstances other = new TestInstances();

    /** A new dbdock process on the same data root: nothing carried over in memory. */
    private InstanceService restart() {
        return new InstanceService(EngineCatalog.standard(), new InstanceStore(t.root), Settings.defaults(),
                DockerConnection.toDiscoveredEngine(), t.root, new ImageResolver(Map.of(), Requirements.IMAGE_PREFIX));
    }

    private void assertBothBackAndUsable(InstanceService fresh, List<InstanceRecord> before) throws Exception {
        List<InstanceSnapshot> states = fresh.refresh(true);
        for (InstanceRecord r : before) {
            InstanceSnapshot s = states.stream().filter(x -> x.record().id().equals(r.id())).findFirst()
                    .orElseThrow(() -> new AssertionError(r.name() + " was not taken back: " + states));
            assertEquals(r.name(), s.record().name());
            assertEquals(r.port(), s.record().port());
            assertEquals(r.storageLocation(), s.record().storageLocation());
            assertEquals(InstanceState.READY, s.state(), s.detail());
            try (Jedis jedis = new Jedis("127.0.0.1", r.port())) {
                jedis.auth(fresh.password(s.record()));
                assertEquals("PONG", jedis.ping(), "the recovered password opens " + r.name());
            }
        }
        assertTrue(states.stream().noneMatch(s -> s.name().startsWith(other.name(""))), "another root's instance is not taken");
        assertEquals(before.size(), states.size());
    }

    private List<InstanceRecord> twoInstances() {
        other.create(CreateRequest.of("redis").withName(other.name("elsewhere")));
        t.create(CreateRequest.of("redis").withName(t.name("first")));
        t.create(CreateRequest.of("redis").withName(t.name("second")));
        return List.of(t.record(t.name("first")), t.record(t.name("second")));
    }

    private long damagedCopies() throws Exception {
        try (Stream<Path> files = Files.list(t.root.path())) {
            return files.filter(p -> p.getFileName().toString().startsWith("instances.json.damaged-")).count();
        }
    }

    @Test
    void aTruncatedListComesBackFromTheBackupAndTheLabels() throws Exception {
        List<InstanceRecord> before = twoInstances();
        byte[] full = Files.readAllBytes(t.root.instancesFile());
        Files.write(t.root.instancesFile(), java.util.Arrays.copyOf(full, full.length / 2));

        InstanceService fresh = restart();
        assertBothBackAndUsable(fresh, before);
        String notice = fresh.storeNotice().orElseThrow();
        System.out.println("RECOVERY truncated list: " + notice);
        assertTrue(notice.contains("restored it from its backup") && notice.contains(t.name("second")), notice);
        assertEquals(1, damagedCopies());
        fresh.close();
    }

    @Test
    void aGarbledListAndBackupAreRebuiltFromTheLabels() throws Exception {
        List<InstanceRecord> before = twoInstances();
        Files.writeString(t.root.instancesFile(), "\u0000\u0001garbage{");
        Files.writeString(t.root.instancesFile().resolveSibling("instances.json.bak"), "also garbage");

        InstanceService fresh = restart();
        assertBothBackAndUsable(fresh, before);
        String notice = fresh.storeNotice().orElseThrow();
        System.out.println("RECOVERY garbled list and backup: " + notice);
        assertTrue(notice.contains("could not be read") && notice.contains(t.name("first")) && notice.contains(t.name("second")), notice);
        assertEquals(1, damagedCopies());
        fresh.close();
    }

    @Test
    void aDeletedListIsRebuiltFromTheLabels() throws Exception {
        List<InstanceRecord> before = twoInstances();
        Files.delete(t.root.instancesFile());
        Files.delete(t.root.instancesFile().resolveSibling("instances.json.bak"));

        InstanceService fresh = restart();
        assertBothBackAndUsable(fresh, before);
        assertTrue(fresh.storeNotice().orElseThrow().contains("took them back"), fresh.storeNotice().get());
        fresh.close();
    }
}
