package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dbdock.common.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEndpointsTest {
    @TempDir
    Path home;

    private void writeContext(String name, String host) throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        Path meta = home.resolve(".docker/contexts/meta").resolve(digest);
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"),
                "{\"Name\":\"" + name + "\",\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\"}}}");
    }

    @Test
    void dockerHostWinsOverEverything() throws Exception {
        writeContext("remote", "tcp://10.0.0.1:2376");
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(
                Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "DOCKER_CONTEXT", "remote"), home, Platform.LINUX, p -> true);
        assertEquals(List.of(new DockerEndpoints.Candidate("tcp://127.0.0.1:2375", "DOCKER_HOST")), c);
    }

    @Test
    void dockerContextVariableIsResolvedThroughContextMetadata() throws Exception {
        writeContext("colima", "unix:///home/u/.colima/docker.sock");
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(Map.of("DOCKER_CONTEXT", "colima"), home, Platform.LINUX, p -> true);
        assertEquals("unix:///home/u/.colima/docker.sock", c.get(0).host());
        assertEquals(1, c.size());
    }

    @Test
    void currentContextOfConfigJsonIsUsed() throws Exception {
        writeContext("desktop-linux", "unix:///home/u/.docker/desktop/docker.sock");
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"desktop-linux\"}");
        assertEquals("unix:///home/u/.docker/desktop/docker.sock",
                DockerEndpoints.discover(Map.of(), home, Platform.LINUX, p -> false).get(0).host());
    }

    @Test
    void defaultContextFallsBackToSocketsThatExist() throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"default\"}");
        Path podman = Path.of("/run/user/1000/podman/podman.sock");
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), home,
                Platform.LINUX, podman::equals);
        assertEquals(List.of(new DockerEndpoints.Candidate("unix://" + podman, "Podman socket")), c);
    }

    @Test
    void withNoSocketTheStandardOneIsNamed() {
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(Map.of(), home, Platform.LINUX, p -> false);
        assertEquals("unix:///var/run/docker.sock", c.get(0).host());
    }

    @Test
    void windowsUsesTheNamedPipe() {
        assertEquals("npipe:////./pipe/docker_engine",
                DockerEndpoints.discover(Map.of(), home, Platform.WINDOWS, p -> false).get(0).host());
    }
}
