package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.storage.StorageManager;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backups made with each engine's own dump tool inside its container, restored into the same or
 * a new instance, against the real engine and the stand-in images: the rows and keys come back,
 * a damaged or foreign file changes nothing, a dump the database rejects puts the instance back
 * on its old data, and a clone is an independent copy.
 */
@RequiresDocker
class BackupRestoreIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private InstanceRecord create(String engine, String name, StorageKind storage) {
        t.create(CreateRequest.of(engine).withName(name).withStorage(storage));
        return t.record(name);
    }

    private EngineSpec engine(InstanceRecord r) {
        return t.service.engine(r);
    }

    /** The values, or none when the table is not there (a new SQL instance). */
    private List<String> readIfAny(String name) throws Exception {
        try {
            return t.read(name);
        } catch (java.sql.SQLException e) {
            return List.of();
        }
    }

    /** Backup, then the instance is deleted with its data and made again empty: the restore brings the data back. */
    @ParameterizedTest(name = "{0} on {1} storage")
    @CsvSource({"postgres,FOLDER", "mariadb,VOLUME", "mysql,FOLDER", "redis,VOLUME", "redis,FOLDER", "mongo,VOLUME", "valkey,FOLDER"})
    void backupDeleteDataRestoreBringsTheDataBack(String engineId, StorageKind storage) throws Exception {
        String name = t.name(engineId.substring(0, 2) + storage.id().charAt(0));
        InstanceRecord r = create(engineId, name, storage);
        t.write(name, "kept-1");
        t.write(name, "kept-2");
        if (engineId.equals("redis")) {
            t.service.stop(name); // a stopped instance is started for the dump and stopped again
        }

        List<TransferProgress> steps = new ArrayList<>();
        BackupInfo info = t.service.backup(name, null, steps::add);
        assertTrue(Files.isRegularFile(info.file()), "the backup file exists");
        assertTrue(info.file().startsWith(t.root.backupsDir().resolve(r.slug())), info.file().toString());
        assertTrue(info.file().getFileName().toString().endsWith("." + engine(r).dump().extension() + ".gz"), info.file().toString());
        assertEquals(Files.size(info.file()), info.bytes());
        assertTrue(info.rawBytes() > 0 && info.sha256().length() == 64, info.toString());
        assertEquals(engineId, info.engine());
        assertEquals(List.of(info.file()), t.service.backups(name).stream().map(BackupInfo::file).toList());
        if (engineId.equals("redis")) {
            assertEquals(InstanceState.STOPPED, t.service.snapshot(t.record(name)).state(), "stopped again after the dump");
            t.service.start(name, true);
        }

        t.write(name, "after-the-backup");
        t.service.delete(name, true);
        assertTrue(Files.isRegularFile(info.file()), "backups outlive the instance they came from");
        create(engineId, name, storage);
        assertEquals(List.of(), readIfAny(name), "a new, empty instance");

        InstanceService.Restored restored = t.service.restore(name, info.file(), null);
        assertEquals(InstanceState.READY, restored.snapshot().state());
        assertEquals(List.of("kept-1", "kept-2"), t.read(name), "the rows/keys of the backup are back, and only those");
        assertNotEquals(restored.previousData(), t.record(name).storageLocation(), "the instance runs on new storage");

        // The restored data stays after a restart (Redis: written into its append-only file).
        t.service.restart(name, true);
        assertEquals(List.of("kept-1", "kept-2"), t.read(name));
    }

    @Test
    void aDamagedOrForeignFileIsRefusedBeforeAnythingChanges() throws Exception {
        String name = t.name("dmg");
        InstanceRecord r = create("postgres", name, StorageKind.FOLDER);
        t.write(name, "precious");
        BackupInfo good = t.service.backup(name, null, null);
        byte[] bytes = Files.readAllBytes(good.file());
        Path dir = Files.createTempDirectory("dbdock-bad");

        Path cut = Files.write(dir.resolve("cut.sql.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path flipped = dir.resolve("flipped.sql.gz");
        byte[] changed = bytes.clone();
        changed[changed.length / 2] ^= 0x55;
        Files.write(flipped, changed);
        Path notADump = Files.writeString(dir.resolve("notes.sql"), "hello, this is not a dump\n");
        String redisBackup = redisBackup();

        assertRefused(name, cut, "is damaged");
        assertRefused(name, flipped, "is damaged");
        assertRefused(name, notADump, "is not a PostgreSQL dump");
        assertRefused(name, Path.of(redisBackup), "is a backup of a redis instance");
        assertRefused(name, dir.resolve("missing.sql.gz"), "There is no file");

        // Changed after dbdock made it, still a valid gzip: the recorded checksum catches it.
        Path tampered = Files.createDirectories(t.root.backupsDir().resolve(r.slug())).resolve("tampered.sql.gz");
        Files.write(tampered, gzip(gunzip(bytes).replace("precious", "PRECIOUS")));
        Files.copy(BackupInfo.metadataFile(good.file()), BackupInfo.metadataFile(tampered));
        assertRefused(name, tampered, "checksum");

        assertEquals(r.storageLocation(), t.record(name).storageLocation(), "still on its own data");
        assertEquals(List.of(Path.of(r.storageLocation())), StorageManager.dataFolders(Path.of(r.home())), "no new folder left behind");
        assertEquals(List.of("precious"), t.read(name));
    }

    /** Passes the file checks, but the database rejects a statement: the instance goes back to its data, unchanged. */
    @Test
    void aDumpTheDatabaseRejectsLeavesTheInstanceOnItsOldData() throws Exception {
        String name = t.name("rej");
        InstanceRecord r = create("postgres", name, StorageKind.FOLDER);
        t.write(name, "original");
        BackupInfo good = t.service.backup(name, null, null);
        String sql = gunzip(Files.readAllBytes(good.file()));
        int middle = sql.indexOf("CREATE TABLE");
        assertTrue(middle > 0, "the dump creates the table");
        Path broken = Files.writeString(Files.createTempDirectory("dbdock-rej").resolve("broken.sql"),
                sql.substring(0, middle) + "THIS IS NOT SQL;\n" + sql.substring(middle));

        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.restore(name, broken, null));
        assertTrue(e.getMessage().contains("refused the dump") && e.getMessage().contains("THIS"), e.getMessage());
        assertEquals(r.storageLocation(), t.record(name).storageLocation());
        assertEquals(List.of(Path.of(r.storageLocation())), StorageManager.dataFolders(Path.of(r.home())),
                "the half-restored folder is gone");
        assertEquals(InstanceState.READY, t.service.start(name, true).state());
        assertEquals(List.of("original"), t.read(name));
    }

    @Test
    void aCloneIsAnIndependentCopyWithItsOwnPortAndPassword() throws Exception {
        String source = t.name("src");
        String copy = t.name("copy");
        InstanceRecord s = create("mariadb", source, StorageKind.VOLUME);
        t.write(source, "shared");

        InstanceService.Created created = t.service.cloneInstance(source, copy, null);
        InstanceRecord c = created.snapshot().record();
        assertEquals(InstanceState.READY, created.snapshot().state());
        assertNotEquals(s.port(), c.port());
        assertNotEquals(t.service.password(s), t.service.password(c));
        assertEquals(s.storage(), c.storage());
        assertEquals(List.of("shared"), t.read(copy), "the copy has the source's data and opens with its own password");

        t.write(copy, "only-in-copy");
        t.write(source, "only-in-source");
        assertEquals(List.of("shared", "only-in-copy"), t.read(copy));
        assertEquals(List.of("shared", "only-in-source"), t.read(source));
        assertEquals(List.of(), t.service.backups(source), "the clone's temporary dump is gone");
        assertEquals(List.of(c.storageLocation()), Docker.run("volume", "ls", "-q", "--filter", "label=io.dbdock.instance=" + c.id())
                .lines().toList(), "the copy keeps one volume: the empty one it was created with is removed");
    }

    /** A backup (or a plain dump, given its engine) becomes a new instance of its own. */
    @Test
    void aBackupBecomesANewInstance() throws Exception {
        String source = t.name("src2");
        String fromBackup = t.name("new1");
        String fromPlain = t.name("new2");
        InstanceRecord s = create("postgres", source, StorageKind.FOLDER);
        t.write(source, "carried");
        BackupInfo backup = t.service.backup(source, null, null);

        InstanceService.Created made = t.service.restoreAsNew(backup.file(), fromBackup, null, null, null);
        assertEquals(InstanceState.READY, made.snapshot().state());
        assertEquals(s.version(), made.snapshot().record().version(), "the backup's version");
        assertNotEquals(s.port(), made.snapshot().record().port());
        assertEquals(List.of("carried"), t.read(fromBackup));

        Path plain = Files.copy(backup.file(), Files.createTempDirectory("dbdock-plain").resolve("plain.sql.gz"));
        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.restoreAsNew(plain, fromPlain, null, null, null));
        assertTrue(e.getMessage().contains("give the engine"), e.getMessage());
        assertEquals(InstanceState.READY, t.service.restoreAsNew(plain, fromPlain, "postgres", "16", null).snapshot().state());
        assertEquals("16", t.record(fromPlain).version());
        assertEquals(List.of("carried"), t.read(fromPlain));

        UserFacingException wrong = assertThrows(UserFacingException.class,
                () -> t.service.restoreAsNew(plain, t.name("new3"), "redis", null, null));
        assertTrue(wrong.getMessage().contains("is a PostgreSQL dump, not a Redis one"), wrong.getMessage());
        assertEquals(3, t.service.snapshots().size(), "the refused file made no instance");
    }

    /** An image without the engine's dump tool (some slim images lack mongodump): the backup says so plainly and leaves no file. */
    @Test
    void anImageWithoutTheDumpToolSaysSo() throws Exception {
        String name = t.name("mgo");
        InstanceRecord r = create("mongo", name, StorageKind.FOLDER);
        Docker.run("exec", r.containerName(), "rm", "/usr/local/bin/mongodump");
        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.backup(name, null, null));
        assertTrue(e.getMessage().contains("has no mongodump and mongorestore"), e.getMessage());
        assertEquals(List.of(), t.service.backups(name));
        assertFalse(Files.exists(t.root.backupsDir().resolve(r.slug())) && t.root.backupsDir().resolve(r.slug()).toFile().list().length > 0,
                "no partial file is left");
    }

    private String redisBackup() {
        String name = t.name("rb");
        create("redis", name, StorageKind.VOLUME);
        return t.service.backup(name, null, null).file().toString();
    }

    private void assertRefused(String name, Path file, String expected) {
        UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.restore(name, file, null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }

    private static String gunzip(byte[] gz) throws Exception {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
