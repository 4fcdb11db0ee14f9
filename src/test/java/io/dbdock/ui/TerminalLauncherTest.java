package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Platform;
import io.dbdock.ui.common.TerminalLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalLauncherTest {
    @TempDir
    Path bin;

    private final List<String> shell = List.of("docker", "exec", "-it", "dbdock-x", "sh", "-c", "exec redis-cli 'x'");

    @Test
    void usesThePreferredTerminalFoundOnThePath() throws Exception {
        for (String name : new String[] {"xterm", "konsole"}) {
            Path exe = Files.createFile(bin.resolve(name));
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<String> cmd = new TerminalLauncher(bin.toString(), Platform.LINUX).terminalCommand(shell).orElseThrow();
        assertEquals(List.of("konsole", "-e"), cmd.subList(0, 2));
        assertEquals(shell, cmd.subList(2, cmd.size()));
    }

    @Test
    void saysSoWhenThereIsNoTerminal() {
        assertTrue(new TerminalLauncher(bin.toString(), Platform.LINUX).terminalCommand(shell).isEmpty());
    }

    @Test
    void joinedCommandsReadBackTheSameInAShell() {
        assertEquals("docker exec -it dbdock-x sh -c 'exec redis-cli '\\''x'\\'''", TerminalLauncher.join(shell));
    }
}
