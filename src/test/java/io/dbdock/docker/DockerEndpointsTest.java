package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path meta = home.resolve(".docker/contexts/meta").resolve(digest(name));
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{\"Description\":\"the " + name
                + " engine\"},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
    }

    /** As `docker context create NAME --docker host=...,ca=...,cert=...,key=...` stores them. */
    private Path writeTls(String name) throws Exception {
        Path tls = Files.createDirectories(home.resolve(".docker/contexts/tls").resolve(digest(name)).resolve("docker"));
        for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(tls.resolve(f), "-----BEGIN-----");
        }
        return tls;
    }

    private static String digest(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theStoreListsTheDefaultThenEveryContextByNameWithItsTlsMaterial() throws Exception {
        writeContext("zeta", "unix:///run/zeta.sock");
        writeContext("box", "tcp://192.168.1.20:2376");
        Path tls = writeTls("box");
        Path broken = Files.createDirectories(home.resolve(".docker/contexts/meta/0123"));
        Files.writeString(broken.resolve("meta.json"), "{not json");
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"box\"}");

        DockerContexts.Store store = DockerContexts.read(Map.of(), home, Platform.LINUX, p -> p.toString().equals("/var/run/docker.sock"));
        assertEquals(List.of("default", "0123", "box", "zeta"), store.contexts().stream().map(DockerContexts.Context::name).toList());
        assertEquals("box", store.current());
        DockerContexts.Context box = store.find("box").orElseThrow();
        assertEquals("tcp://192.168.1.20:2376", box.host());
        assertEquals("the box engine", box.description());
        assertEquals(tls, box.tlsDir());
        assertNull(store.find("zeta").orElseThrow().tlsDir(), "no TLS folder: no TLS");
        assertEquals("unix:///var/run/docker.sock", store.find("default").orElseThrow().host());
        assertTrue(store.find("0123").orElseThrow().problem().contains("cannot be read"), "a broken file is named, not fatal");

        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(Map.of(), home, Platform.LINUX, p -> true);
        assertEquals(List.of(new DockerEndpoints.Candidate("tcp://192.168.1.20:2376", "docker context (" + home.resolve(".docker/config.json")
                + ") 'box'", tls, "box")), c, "the current context is reached with its certificates");
    }

    @Test
    void dockerContextNamesTheCurrentOneAndDockerHostTheDefaultsEngine() throws Exception {
        writeContext("box", "tcp://192.168.1.20:2376");
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\": \"box\"}");
        assertEquals("default", DockerContexts.read(Map.of("DOCKER_CONTEXT", "default"), home, Platform.LINUX, p -> true).current());
        DockerContexts.Store withHost = DockerContexts.read(Map.of("DOCKER_HOST", "tcp://10.1.1.1:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs"), home, Platform.LINUX, p -> true);
        DockerContexts.Context def = withHost.find("default").orElseThrow();
        assertEquals("tcp://10.1.1.1:2376", def.host());
        assertEquals(Path.of("/certs"), def.tlsDir());
        assertEquals(Path.of("/certs"), DockerEndpoints.discover(Map.of("DOCKER_HOST", "tcp://10.1.1.1:2376", "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs"), home, Platform.LINUX, p -> true).get(0).tlsDir());
    }

    @Test
    void plainTcpToAnotherMachineIsRefusedUnlessTheUserInsists() {
        DockerEndpoints.Candidate plain = new DockerEndpoints.Candidate("tcp://192.168.1.20:2375", "docker context 'box'");
        String why = DockerEndpoints.refusal(plain, Map.of());
        assertTrue(why != null && why.contains("without TLS") && why.contains("docker context 'box'") && why.contains("DBDOCK_INSECURE_TCP=1"), why);
        assertNull(DockerEndpoints.refusal(plain, Map.of("DBDOCK_INSECURE_TCP", "1")));
        assertNull(DockerEndpoints.refusal(new DockerEndpoints.Candidate("tcp://192.168.1.20:2376", "x", Path.of("/certs"), "box"), Map.of()),
                "with certificates it is TLS");
        for (String loopback : List.of("tcp://127.0.0.1:2375", "tcp://localhost:2375", "tcp://[::1]:2375")) {
            assertNull(DockerEndpoints.refusal(new DockerEndpoints.Candidate(loopback, "x"), Map.of()), loopback);
        }
        assertNull(DockerEndpoints.refusal(new DockerEndpoints.Candidate("unix:///var/run/docker.sock", "x"), Map.of()));
        assertNull(DockerEndpoints.refusal(new DockerEndpoints.Candidate("ssh://me@box", "docker context 'box'"), Map.of()),
                "ssh:// is encrypted: its host key is checked when connecting");
    }

    @Test
    void dockerHostWinsOverEverything() throws Exception {
        writeContext("remote", "tcp://10.0.0.1:2376");
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(
                Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "DOCKER_CONTEXT", "remote"), home, Platform.LINUX, p -> true);
        assertEquals(List.of(new DockerEndpoints.Candidate("tcp://127.0.0.1:2375", "DOCKER_HOST", null, "tcp://127.0.0.1:2375")), c,
                "DOCKER_HOST's engine is told apart by its address");
    }

    @Test
    void aContextChosenForTheRunOutranksDockerHostAsWithDockerDashDashContext() throws Exception {
        writeContext("remote", "tcp://10.0.0.1:2376");
        Map<String, String> env = Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "DOCKER_TLS_VERIFY", "1");
        Map<String, String> chosen = DockerEndpoints.environment(env, new io.dbdock.model.EngineChoice("remote", false));
        List<DockerEndpoints.Candidate> c = DockerEndpoints.discover(chosen, home, Platform.LINUX, p -> true);
        assertEquals("tcp://10.0.0.1:2376", c.get(0).host());
        assertEquals("remote", c.get(0).context());
        assertEquals(env, DockerEndpoints.environment(env, io.dbdock.model.EngineChoice.ENVIRONMENT), "nothing chosen: as it was");
        assertEquals("1", DockerEndpoints.environment(env, new io.dbdock.model.EngineChoice(null, true)).get("DBDOCK_INSECURE_TCP"));
        assertEquals("tcp://127.0.0.1:2375", DockerEndpoints.environment(env, new io.dbdock.model.EngineChoice(null, true))
                .get("DOCKER_HOST"), "--insecure-tcp alone keeps the engine");
    }

    @Test
    void aContextThatIsNotThereIsAnErrorNotAQuietSwitchToThisComputersEngine() throws Exception {
        writeContext("build-box", "tcp://10.0.0.1:2376");
        DockerUnavailableException e = assertThrows(DockerUnavailableException.class,
                () -> DockerEndpoints.discover(Map.of("DOCKER_CONTEXT", "buildbox"), home, Platform.LINUX, p -> true));
        assertEquals("There is no Docker context named 'buildbox' (from DOCKER_CONTEXT 'buildbox'). Did you mean build-box? "
                + "Known contexts: default, build-box.", e.getMessage());
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
