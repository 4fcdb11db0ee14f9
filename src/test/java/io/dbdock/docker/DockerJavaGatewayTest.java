package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class DockerJavaGatewayTest {
    @Test
    void secretTarHoldsReadOnlyFilesInTheirOwnFolder() throws Exception {
        byte[] tar = FileCopies.tar(Map.of("/run/dbdock/password", "s3cret"));
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        Map<String, String> contents = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e);
                if (!e.isDirectory()) {
                    contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(List.of("run/dbdock/", "run/dbdock/password").stream().sorted().toList(),
                entries.keySet().stream().sorted().toList(), "/run itself is not in the archive");
        assertEquals(0444, entries.get("run/dbdock/password").getMode() & 0777);
        assertEquals("s3cret", contents.get("run/dbdock/password"));
    }

    @Test
    void recognisesPortConflictsAndTheirPort() {
        assertEquals(5432, ContainerCalls.portInUse("Status 500: {\"message\":\"driver failed programming external "
                + "connectivity on endpoint dbdock-pg: Bind for 127.0.0.1:5432 failed: port is already allocated\"}"));
        assertEquals(6379, ContainerCalls.portInUse("Error starting userland proxy: listen tcp4 127.0.0.1:6379: bind: address already in use"));
        assertNull(ContainerCalls.portInUse("No such image: x:1"));
    }

    @Test
    void engineErrorsAreReducedToTheirSentence() {
        assertEquals("Get \"https://registry-1.docker.io/v2/\": dial tcp: no such host",
                DockerSession.plainMessage(new RuntimeException(
                        "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: no such host\"}\n")));
        assertEquals("plain", DockerSession.plainMessage(new RuntimeException("plain")));
    }

    @Test
    void unavailableMessagesSayWhatToDo() {
        String down = DockerSession.unavailableMessage(List.of("unix:///var/run/docker.sock"), new RuntimeException("Connection refused"));
        assertTrue(down.contains("unix:///var/run/docker.sock") && down.contains("Start Docker"), down);
        String denied = DockerSession.unavailableMessage(List.of("unix:///var/run/docker.sock"),
                new RuntimeException(new java.io.IOException("Permission denied")));
        assertTrue(denied.contains("docker group"), denied);
        String remote = DockerSession.unavailableMessage(List.of("tcp://10.2.3.4:2376"), new RuntimeException("Connection refused"));
        assertTrue(remote.contains("tcp://10.2.3.4:2376 does not answer (Connection refused)") && !remote.contains("systemctl"),
                "another machine's engine is not started here: " + remote);
    }
}
