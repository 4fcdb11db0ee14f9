package io.dbdock.store;

import io.dbdock.common.Json;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStoreTest {
    @TempDir
    Path dir;

    private static InstanceRecord record(String name, int port) {
        return TestRecords.record(name, port);
    }

    @Test
    void roundTripsRecordsWithASchemaVersion() throws Exception {
        DataRoot root = new DataRoot(dir.resolve("home"));
        InstanceStore store = new InstanceStore(root);
        InstanceRecord r = record("a", 6379);
        store.update(list -> list.add(r));
        assertEquals(List.of(r), new InstanceStore(root).load());
        String json = Files.readString(root.instancesFile());
        assertTrue(json.contains("\"schemaVersion\" : 1"), json);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.path())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.instancesFile())));
    }

    @Test
    void keepsThePreviousVersionAsBackup() throws Exception {
        DataRoot root = new DataRoot(dir);
        InstanceStore store = new InstanceStore(root);
        store.update(list -> list.add(record("a", 1)));
        store.update(list -> list.add(record("b", 2)));
        Path backup = dir.resolve("instances.json.bak");
        InstanceStore.Document old = Json.mapper().readValue(backup.toFile(), InstanceStore.Document.class);
        assertEquals(1, old.instances().size());
        assertEquals(2, store.load().size());
        assertTrue(Files.notExists(dir.resolve("instances.json.tmp")), "no temp file is left behind");
    }

    @Test
    void aRefusedChangeWritesNothing() {
        InstanceStore store = new InstanceStore(new DataRoot(dir));
        store.update(list -> list.add(record("a", 1)));
        assertThrows(UserFacingException.class, () -> store.update(list -> {
            list.clear();
            throw UserFacingException.conflict("no");
        }));
        assertEquals(1, store.load().size());
    }

    @Test
    void recoversATruncatedFileFromItsBackupAndKeepsTheDamagedCopy() throws Exception {
        DataRoot root = new DataRoot(dir);
        InstanceStore store = new InstanceStore(root);
        store.update(list -> list.add(record("a", 1)));
        store.update(list -> list.add(record("b", 2)));
        String full = Files.readString(root.instancesFile());
        Files.writeString(root.instancesFile(), full.substring(0, full.length() / 2));

        InstanceStore fresh = new InstanceStore(root);
        List<InstanceRecord> records = fresh.load();
        assertEquals(1, records.size(), "the backup holds the version before the last write");
        assertTrue(fresh.recoveryNotice().orElseThrow().contains("restored it from its backup"));
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("instances.json.damaged-")));
        }
        assertEquals(1, new InstanceStore(root).load().size(), "the recovered list was written back");
    }

    @Test
    void startsEmptyKeepingTheDamagedFileWhenFileAndBackupAreBothDamaged() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.instancesFile(), "{ not json");
        Files.writeString(dir.resolve("instances.json.bak"), "also not json");
        InstanceStore store = new InstanceStore(root);
        assertEquals(List.of(), store.load());
        assertTrue(store.recoveryNotice().orElseThrow().contains("could not be read"), store.recoveryNotice().get());
        try (var files = Files.list(dir)) {
            List<Path> kept = files.filter(p -> p.getFileName().toString().startsWith("instances.json.damaged-")).toList();
            assertEquals(1, kept.size());
            assertEquals("{ not json", Files.readString(kept.get(0)), "the damaged file is kept as it was");
        }
        assertEquals(List.of(), new InstanceStore(root).load());
        assertTrue(new InstanceStore(root).recoveryNotice().isEmpty(), "the next start finds a valid list, and no second copy is made");
    }

    @Test
    void refusesAFileFromANewerDbdock() throws Exception {
        DataRoot root = new DataRoot(dir);
        Files.writeString(root.instancesFile(), "{\"schemaVersion\": 99, \"instances\": []}");
        UserFacingException e = assertThrows(UserFacingException.class, () -> new InstanceStore(root).load());
        assertTrue(e.getMessage().contains("newer dbdock"), e.getMessage());
    }

    @Test
    void concurrentUpdatesFromTwoStoresLoseNothing() throws Exception {
        DataRoot root = new DataRoot(dir);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            InstanceStore own = new InstanceStore(root); // Like two processes: separate objects, one file.
            int base = t * 100;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    int port = base + i;
                    own.update(list -> list.add(record("n" + port, port)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(50, new InstanceStore(root).load().size());
    }

    @Test
    void aFileThatDidNotChangeIsNotParsedAgainAndEveryChangeIsSeen() throws Exception {
        DataRoot root = new DataRoot(dir);
        InstanceStore window = new InstanceStore(root);
        InstanceStore otherProcess = new InstanceStore(root);
        otherProcess.update(list -> list.add(record("a", 1)));
        assertEquals(1, window.load().size());
        int parsed = window.parses();
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("a"), window.load().stream().map(InstanceRecord::name).toList());
        }
        assertEquals(parsed, window.parses(), "the same file is read from memory");

        otherProcess.update(list -> list.add(record("b", 2)));
        assertEquals(List.of("a", "b"), window.load().stream().map(InstanceRecord::name).toList(), "another process's write is seen");

        // An edit in place (same file, not replaced): its size changes.
        String json = Files.readString(root.instancesFile());
        Files.writeString(root.instancesFile(), json.replace("\"name\" : \"b\"", "\"name\" : \"bee\""));
        assertEquals(List.of("a", "bee"), window.load().stream().map(InstanceRecord::name).toList());

        // A change is made over the file as it is, never over the remembered copy.
        parsed = window.parses();
        window.update(list -> list.add(record("c", 3)));
        assertEquals(parsed + 1, window.parses());
        assertEquals(List.of("a", "bee", "c"), otherProcess.load().stream().map(InstanceRecord::name).toList());
        Files.delete(root.instancesFile());
        Files.delete(dir.resolve("instances.json.bak"));
        assertEquals(List.of(), window.load(), "a deleted file is no longer remembered");
    }
}
