package io.dbdock.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    Path home;

    @Test
    void addsTheLineOnceAndMakesTheFilesAsOpenSshDoes() throws Exception {
        KnownHosts.add(home, "box ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBox");
        KnownHosts.add(home, "box ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBox");
        Path file = home.resolve(".ssh/known_hosts");
        assertEquals("box ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBox\n", Files.readString(file), "once");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(".ssh"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keepsWhatTheFileHeldEvenWithoutAFinalNewline() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), "old ssh-rsa AAAAB3Nza");
        KnownHosts.add(home, "[box]:2222 ecdsa-sha2-nistp256 AAAAE2Vj");
        assertEquals("old ssh-rsa AAAAB3Nza\n[box]:2222 ecdsa-sha2-nistp256 AAAAE2Vj\n", Files.readString(home.resolve(".ssh/known_hosts")));
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.add(home, "a b c\nd e f"), "one line, never two");
    }
}
