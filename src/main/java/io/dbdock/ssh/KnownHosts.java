package io.dbdock.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** ~/.ssh/known_hosts, where OpenSSH and dbdock alike look a machine's host key up. */
public final class KnownHosts {
    private KnownHosts() {
    }

    /**
     * Adds one line ("box ssh-ed25519 AAAA...") unless the file has it already, making ~/.ssh
     * (0700) and the file (0600) as OpenSSH does when they are missing.
     */
    public static void add(Path home, String line) throws IOException {
        if (line.isBlank() || line.contains("\n")) {
            throw new IllegalArgumentException("one known_hosts line");
        }
        Path dir = home.resolve(".ssh");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = dir.resolve("known_hosts");
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        if (existing.lines().anyMatch(l -> l.trim().equals(line.trim()))) {
            return;
        }
        String text = (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + line.trim() + "\n";
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
