package io.dbdock.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFileTest {
    private static final EngineCatalog CATALOG = EngineCatalog.standard();
    private static final EngineSpec POSTGRES = CATALOG.find("postgres").orElseThrow();
    private static final String SQL = "--\n-- PostgreSQL database cluster dump\n--\n\nCREATE ROLE app;\n"
            + "x".repeat(100_000) + "\n--\n-- PostgreSQL database cluster dump complete\n--\n\n";

    @TempDir
    Path dir;

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private String refusal(Path file) {
        UserFacingException e = assertThrows(UserFacingException.class, () -> DumpFile.inspect(file, POSTGRES, CATALOG, null));
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        return e.getMessage();
    }

    /** An RDB snapshot of the given format: header, a little body, the end mark and an 8-byte checksum. */
    private Path rdb(String name, String format) throws Exception {
        byte[] head = ("REDIS" + format + "body").getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = Arrays.copyOf(head, head.length + 9);
        file[head.length] = (byte) 0xFF;
        return Files.write(dir.resolve(name), file);
    }

    @Test
    void valkeyTakesRedisSnapshotsUpToTheFormatRedis72WritesAndRefusesNewerOnesBeforeAnythingChanges() throws Exception {
        EngineSpec valkey = CATALOG.find("valkey").orElseThrow();
        EngineSpec redis = CATALOG.find("redis").orElseThrow();
        assertEquals(22, DumpFile.inspect(rdb("r72.rdb", "0011"), valkey, CATALOG, null).rawBytes(), "Redis 7.2's format loads");
        DumpFile.inspect(rdb("v9.rdb", "0080"), valkey, CATALOG, null); // Valkey's own numbering
        Path redis74 = rdb("r74.rdb", "0012");
        UserFacingException e = assertThrows(UserFacingException.class, () -> DumpFile.inspect(redis74, valkey, CATALOG, null));
        assertTrue(e.getMessage().startsWith("r74.rdb cannot be loaded into Valkey: its data is in Redis' snapshot format 12"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Nothing was changed."), e.getMessage());
        DumpFile.inspect(redis74, redis, CATALOG, null); // Redis itself takes it
    }

    @Test
    void aCompleteDumpIsMeasuredCompressedOrPlain() throws Exception {
        Path gz = Files.write(dir.resolve("a.sql.gz"), gzip(SQL));
        DumpFile checked = DumpFile.inspect(gz, POSTGRES, CATALOG, null);
        assertTrue(checked.compressed());
        assertEquals(SQL.length(), checked.rawBytes());
        assertEquals(Files.size(gz), checked.fileBytes());
        assertEquals(SQL, new String(checked.openDump().readAllBytes(), StandardCharsets.UTF_8));

        Path plain = Files.writeString(dir.resolve("a.sql"), SQL);
        DumpFile p = DumpFile.inspect(plain, POSTGRES, CATALOG, null);
        assertFalse(p.compressed());
        assertEquals(SQL.length(), p.rawBytes());
    }

    @Test
    void damagedTruncatedForeignAndTamperedFilesAreRefused() throws Exception {
        byte[] good = gzip(SQL);
        assertTrue(refusal(Files.write(dir.resolve("cut.gz"), Arrays.copyOf(good, good.length - 20))).contains("is damaged"));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertTrue(refusal(Files.write(dir.resolve("flip.gz"), flipped)).contains("is damaged"));
        assertTrue(refusal(Files.writeString(dir.resolve("half.sql"), SQL.substring(0, SQL.length() / 2))).contains("stops before its end"));
        assertTrue(refusal(Files.write(dir.resolve("r.rdb"), "REDIS0011xxxxxxxxxxxx".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("is a Redis dump, not a PostgreSQL one"));
        assertTrue(refusal(Files.writeString(dir.resolve("empty.sql"), "")).contains("is empty"));

        Path tampered = Files.write(dir.resolve("t.sql.gz"), gzip(SQL.replace("app", "bad")));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(good));
        new BackupStoreTestSupport(dir).writeInfo(new BackupInfo(tampered, "x", "postgres", "17", "img", Instant.now(), 1, 1, sha, false));
        assertTrue(refusal(tampered).contains("checksum"));
        Path otherEngine = Files.write(dir.resolve("o.sql.gz"), good);
        new BackupStoreTestSupport(dir).writeInfo(new BackupInfo(otherEngine, "x", "redis", "8", "img", Instant.now(), 1, 1, null, false));
        assertTrue(refusal(otherEngine).contains("backup of a redis instance"));
    }

    @Test
    void aMysqlBackupRestoresIntoMariadbButNotIntoPostgres() throws Exception {
        String sql = "-- MySQL dump 10.13\nCREATE TABLE t (a int);\n-- Dump completed on 2026-11-23  3:01:02\n";
        Path dump = Files.write(dir.resolve("m.sql.gz"), gzip(sql));
        new BackupStoreTestSupport(dir).writeInfo(new BackupInfo(dump, "x", "mysql", "8.4", "img", Instant.now(), 1, 1, null, false));
        assertEquals(sql.length(), DumpFile.inspect(dump, CATALOG.find("mariadb").orElseThrow(), CATALOG, null).rawBytes(),
                "the same dump format");
        assertTrue(refusal(dump).contains("backup of a mysql instance"));
    }

    /** Writes a backup record beside a file, as BackupStore does. */
    private record BackupStoreTestSupport(Path dir) {
        void writeInfo(BackupInfo info) throws Exception {
            Files.write(BackupInfo.metadataFile(info.file()), io.dbdock.common.Json.mapper().writeValueAsBytes(info));
        }
    }
}
