package io.dbdock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {
    @TempDir
    Path dir;

    @Test
    void backupsAreListedNewestFirstWithTheirRecordsAndOnlyThose() throws Exception {
        BackupStore store = new BackupStore(new DataRoot(dir));
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        Path older = store.newFile("shop", "sql", t0);
        Files.writeString(older, "a");
        store.writeInfo(new BackupInfo(older, "shop", "postgres", "17", "img", t0, 1, 1, "x", false));
        Path same = store.newFile("shop", "sql", t0);
        assertNotEquals(older, same, "two backups in the same second get two files");
        Path newer = store.newFile("shop", "sql", t0.plusSeconds(60));
        Files.writeString(newer, "b");
        store.writeInfo(new BackupInfo(newer, "shop", "postgres", "17", "img", t0.plusSeconds(60), 1, 1, "y", false));
        Files.writeString(store.folderFor("shop").resolve("stray.sql.gz"), "no record");

        assertTrue(newer.getFileName().toString().matches("shop-\\d{8}-\\d{6}\\.sql\\.gz"), newer.toString());
        assertEquals(List.of(newer, older), store.list("shop").stream().map(BackupInfo::file).toList());
        assertEquals(List.of(), store.list("other"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("backups"))));

        store.delete(older);
        assertFalse(Files.exists(older) || Files.exists(BackupInfo.metadataFile(older)));
        Path outside = Files.writeString(dir.resolve("elsewhere.sql.gz"), "x");
        assertThrows(UserFacingException.class, () -> store.delete(outside));
        assertTrue(Files.exists(outside));
        assertThrows(UserFacingException.class, () -> store.deleteFolder(dir));
        store.deleteFolder(store.folderFor("shop"));
        assertFalse(Files.exists(store.folderFor("shop")));
    }
}
