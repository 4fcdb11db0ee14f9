package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.StorageEntry;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Major-version upgrades between two stand-in tags (postgres 17 -> 18 changes the data layout too):
 * the data, name, port and password stay, row counts are compared, the old data is kept and a
 * rollback switches back to it. Downgrades and no-op upgrades are refused in plain words.
 */
@RequiresDocker
class UpgradeIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @ParameterizedTest(name = "{0} {1} -> {2} on {3} storage")
    @CsvSource({"postgres,17,18,FOLDER", "mariadb,10.11,11.8,VOLUME", "redis,7.4,8,FOLDER", "valkey,8,9,VOLUME"})
    void upgradeKeepsDataNamePortAndPasswordAndRollsBack(String engine, String from, String to, StorageKind storage) throws Exception {
        String name = t.name("up" + engine.substring(0, 2));
        t.create(CreateRequest.of(engine).withName(name).withVersion(from).withStorage(storage));
        InstanceRecord before = t.record(name);
        String password = t.service.password(before);
        t.write(name, "old-1");
        t.write(name, "old-2");

        assertTrue(DataClient.serverVersion(t.service.engine(before), t.service.endpoint(before)).startsWith(TestImages.server(engine, from) + "."));

        InstanceService.Upgraded up = t.service.upgrade(name, to, null);
        InstanceRecord after = t.record(name);
        String answers = DataClient.serverVersion(t.service.engine(after), t.service.endpoint(after));
        assertTrue(answers.startsWith(TestImages.server(engine, to) + "."), "the new major's real server answers: " + answers);
        assertEquals(InstanceState.READY, up.snapshot().state());
        assertEquals(to, after.version());
        assertEquals(before.port(), after.port());
        assertEquals(password, t.service.password(after));
        assertEquals(before.id(), after.id());
        assertTrue(up.checked() >= 1, "counts were compared: " + up.checked());
        assertEquals(before.storageLocation(), up.oldData());
        assertTrue(Files.isRegularFile(up.backup().file()), "the backup from before is kept");
        assertEquals(List.of("old-1", "old-2"), t.read(name), "the data came along");
        assertTrue(Docker.run("inspect", "-f", "{{.Config.Image}}", after.containerName()).endsWith(":" + to));
        if (engine.equals("postgres")) {
            assertTrue(Files.isRegularFile(Path.of(after.storageLocation(), "18", "docker", "PG_VERSION")),
                    "the new data uses the 18 layout");
        }
        assertTrue(t.service.storage().stream().anyMatch(e -> e.role() == StorageEntry.Role.PREVIOUS
                && e.location().equals(before.storageLocation())), "the old version's data is listed as kept");

        t.write(name, "new-on-" + to);
        assertTrue(t.service.lastUpgrade(name).isPresent());
        var back = t.service.rollBackUpgrade(name);
        assertEquals(InstanceState.READY, back.state());
        assertEquals(from, t.record(name).version());
        assertEquals(before.storageLocation(), t.record(name).storageLocation());
        assertEquals(before.port(), t.record(name).port());
        assertEquals(List.of("old-1", "old-2"), t.read(name), "back on the data from before the upgrade");
        assertFalse(t.service.lastUpgrade(name).isPresent(), "one rollback per upgrade");
    }

    /** Two real majors in a row, into the 18 data layout: 15 -> 17 -> 18, each step on its own server. */
    @Test
    void postgresClimbsRealMajorsIntoThe18Layout() throws Exception {
        String name = t.name("climb");
        t.create(CreateRequest.of("postgres").withName(name).withVersion("15"));
        t.write(name, "from-15");
        for (String to : List.of("17", "18")) {
            InstanceService.Upgraded up = t.service.upgrade(name, to, null);
            assertEquals(InstanceState.READY, up.snapshot().state(), up.snapshot().detail());
            InstanceRecord r = t.record(name);
            assertTrue(DataClient.serverVersion(t.service.engine(r), t.service.endpoint(r)).startsWith(to + "."));
            Path pgVersion = to.equals("18") ? Path.of(r.storageLocation(), "18", "docker", "PG_VERSION")
                    : Path.of(r.storageLocation(), "PG_VERSION");
            assertEquals(to, Files.readString(pgVersion).strip(), "the data directory was made by PostgreSQL " + to);
            t.write(name, "on-" + to);
        }
        assertEquals(List.of("from-15", "on-17", "on-18"), t.read(name));
    }

    /** Redis 7.2 to Valkey: the keys, name, port, password and URL stay, key counts are compared, a rollback returns to Redis. */
    @Test
    void aRedis72InstanceSwitchesToValkeyAndBack() throws Exception {
        String name = t.name("tovk");
        t.create(CreateRequest.of("redis").withName(name).withVersion("7.2").withStorage(StorageKind.VOLUME));
        InstanceRecord before = t.record(name);
        String uri = t.service.connection(before).uri();
        t.write(name, "kept-1");
        t.write(name, "kept-2");
        assertEquals(List.of("7.4", "8", "valkey:8", "valkey:9"),
                t.service.upgradeTargets(before).stream().map(InstanceService.UpgradeTarget::target).toList());

        InstanceService.Upgraded up = t.service.upgrade(name, "valkey", null);
        InstanceRecord after = t.record(name);
        assertEquals(InstanceState.READY, up.snapshot().state(), up.snapshot().detail());
        assertEquals("valkey", after.engine());
        assertEquals("9", after.version(), "Valkey's default version");
        String answers = DataClient.serverVersion(t.service.engine(after), t.service.endpoint(after));
        assertTrue(answers.startsWith(TestImages.server("valkey", "9") + "."), "Valkey answers: " + answers);
        assertTrue(Docker.run("inspect", "-f", "{{.Config.Image}}", after.containerName()).endsWith("valkey/valkey:9"));
        assertEquals(before.port(), after.port());
        assertEquals(before.id(), after.id());
        assertEquals(uri, t.service.connection(after).uri(), "applications keep their URL and password");
        assertTrue(up.checked() >= 1, "key counts were compared: " + up.checked());
        assertEquals(List.of("kept-1", "kept-2"), t.read(name));
        assertEquals("redis", t.service.lastUpgrade(name).orElseThrow().fromEngine());

        t.write(name, "on-valkey");
        InstanceSnapshot back = t.service.rollBackUpgrade(name);
        assertEquals(InstanceState.READY, back.state(), back.detail());
        assertEquals("redis", t.record(name).engine());
        assertEquals("7.2", t.record(name).version());
        assertTrue(DataClient.serverVersion(t.service.engine(t.record(name)), t.service.endpoint(t.record(name)))
                .startsWith(TestImages.server("redis", "7.2") + "."));
        assertEquals(List.of("kept-1", "kept-2"), t.read(name), "back on the Redis data from before the switch");
    }

    @Test
    void downgradesNoOpsAndUnknownVersionsAreRefusedAndChangeNothing() {
        String name = t.name("norm");
        t.create(CreateRequest.of("redis").withName(name).withVersion("8"));
        InstanceRecord r = t.record(name);
        assertRefused(() -> t.service.upgrade(name, "7.4", null), "newer versions only");
        assertRefused(() -> t.service.upgrade(name, "8", null), "already runs");
        assertRefused(() -> t.service.upgrade(name, "99", null), "has no version '99'");
        assertRefused(() -> t.service.upgrade(name, "valkey", null), "runs Redis 8, which cannot switch to Valkey");
        assertRefused(() -> t.service.upgrade(name, "mongo", null), "Redis cannot switch to MongoDB");
        assertRefused(() -> t.service.rollBackUpgrade(name), "no upgrade to roll back");
        assertEquals(r, t.record(name));
        assertEquals(List.of(), t.service.backups(name));
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable action, String expected) {
        UserFacingException e = assertThrows(UserFacingException.class, action);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
