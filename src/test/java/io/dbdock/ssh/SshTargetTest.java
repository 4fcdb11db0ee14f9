package io.dbdock.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SshTargetTest {
    @Test
    void readsTheDockerCliForms() {
        assertEquals(new SshTarget("me", "box", 0), SshTarget.parse("ssh://me@box"));
        assertEquals(new SshTarget("me", "box.lan", 2222), SshTarget.parse("ssh://me@box.lan:2222"));
        assertEquals(new SshTarget(null, "box", 0), SshTarget.parse("ssh://box"), "user and port left to ~/.ssh/config");
        assertEquals(new SshTarget("root", "10.0.0.5", 0), SshTarget.parse("ssh://root@10.0.0.5/"));
        assertEquals("me@box -p 2222", SshTarget.parse("ssh://me@box:2222").describe());
    }

    @Test
    void refusesWhatTheDockerCliRefusesAndNeverEchoesAPassword() {
        assertThrows(SshRefusedException.class, () -> SshTarget.parse("tcp://box:2376"));
        assertThrows(SshRefusedException.class, () -> SshTarget.parse("ssh://"));
        SshRefusedException path = assertThrows(SshRefusedException.class, () -> SshTarget.parse("ssh://me@box/var/run/docker.sock"));
        assertTrue(path.getMessage().contains("has a path"), path.getMessage());
        SshRefusedException password = assertThrows(SshRefusedException.class, () -> SshTarget.parse("ssh://me:hunter2@box"));
        assertTrue(password.getMessage().contains("SSH keys only"), password.getMessage());
        assertFalse(password.getMessage().contains("hunter2"), password.getMessage());
    }
}
