package io.dbdock.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbdock's lines in a project's .env: only its own, between markers, every other line kept. */
class EnvFileTest {
    @TempDir
    Path dir;

    private static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aNewFileIsTheBlockAloneReadableByItsOwnerOnly() throws Exception {
        Path env = dir.resolve(".env");
        EnvFile.write(env, values("DATABASE_URL", "postgresql://postgres:pw@127.0.0.1:5432/postgres"));
        assertEquals(EnvFile.BEGIN + "\nDATABASE_URL=postgresql://postgres:pw@127.0.0.1:5432/postgres\n" + EnvFile.END + "\n",
                Files.readString(env));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
    }

    @Test
    void theUsersLinesSurviveAndTheBlockIsReplacedInPlace() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "APP_KEY=base64:abc\n# my comment\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r-----"));
        EnvFile.write(env, values("DB_PORT", "5432"));
        Files.writeString(env, Files.readString(env) + "LATER=1\n");
        EnvFile.write(env, values("DB_PORT", "5433", "REDIS_URL", "redis://127.0.0.1:6379/0"));
        assertEquals("APP_KEY=base64:abc\n# my comment\n" + EnvFile.BEGIN + "\nDB_PORT=5433\nREDIS_URL=redis://127.0.0.1:6379/0\n"
                + EnvFile.END + "\nLATER=1\n", Files.readString(env));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)), "its mode is kept");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void writingTheSameValuesAgainLeavesTheFileAlone() throws Exception {
        Path env = dir.resolve(".env");
        EnvFile.write(env, values("A", "1"));
        var before = Files.getLastModifiedTime(env);
        Files.setLastModifiedTime(env, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() - 60_000));
        var older = Files.getLastModifiedTime(env);
        assertEquals(false, EnvFile.write(env, values("A", "1")).changed());
        assertEquals(older, Files.getLastModifiedTime(env));
        assertEquals(true, EnvFile.write(env, values("A", "2")).changed());
    }

    @Test
    void aKeyTheUserAlsoSetsIsReported() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "export DATABASE_URL=mine\nOTHER=1\n");
        assertEquals(List.of("DATABASE_URL"), EnvFile.write(env, values("DATABASE_URL", "x", "DB_PORT", "1")).alsoOutside());
    }

    @Test
    void valuesAreQuotedOnlyWhereAReaderWouldChangeThem() {
        assertEquals("postgresql://u:p%40@127.0.0.1:5432/db?authSource=admin&x=1",
                EnvFile.quote("postgresql://u:p%40@127.0.0.1:5432/db?authSource=admin&x=1"));
        assertEquals("'a b#c$d'", EnvFile.quote("a b#c$d"));
        assertEquals("\"it's \\$x\"", EnvFile.quote("it's $x"));
        assertEquals("", EnvFile.quote(""));
    }
}
