package io.dbdock.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    @Test
    void generatedPasswordsAreLongUrlSafeAndDifferent() {
        String a = Secrets.generate();
        assertEquals(32, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
        assertNotEquals(a, Secrets.generate());
    }

    @Test
    void passwordFileIsOwnerOnly() throws Exception {
        Secrets.write(dir, "pw with space");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("password"))));
        assertEquals("pw with space", Secrets.read(dir));
    }

    @Test
    void rejectsUnusablePasswords() {
        assertNotNull(Secrets.problemWith(""));
        assertNotNull(Secrets.problemWith("line\nbreak"));
        assertNull(Secrets.problemWith("x".repeat(1000)), "engines take long passwords");
        assertNotNull(Secrets.problemWith("x".repeat(Secrets.MAX_LENGTH + 1)));
        assertNull(Secrets.problemWith("p@ss w:rd/\"'"));
    }
}
