package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The docker CLI's contexts as dbdock sees them, made with the docker CLI itself in a private
 * config folder: this machine's engine under a second name, one that is away, plain tcp to
 * another machine (refused), and a TLS engine (the second test engine, listening with
 * certificates made here) on which an instance is created, used and deleted.
 */
@RequiresDocker
class ContextsIT {
    private static Path config;
    private static Path certs;
    private static SecondDockerEngine tlsEngine;
    private static int tlsPort;
    private static TestInstances t;

    @BeforeAll
    static void setUp() throws Exception {
        Requirements.requireDocker();
        t = new TestInstances();
        config = Files.createTempDirectory("dbdock-it-docker-config");
        certs = Files.createTempDirectory("dbdock-it-certs");
        makeCertificates(certs);
        try (ServerSocket free = new ServerSocket(0)) {
            tlsPort = free.getLocalPort();
        }
        tlsEngine = SecondDockerEngine.startWithTls(certs, tlsPort);
        tlsEngine.loadImages(Requirements.IMAGE_PREFIX + "redis:8");
        docker("context", "create", "it-local", "--description", "this machine under a name", "--docker", "host=unix:///var/run/docker.sock");
        docker("context", "create", "it-away", "--docker", "host=tcp://127.0.0.1:9");
        docker("context", "create", "it-plain", "--docker", "host=tcp://192.0.2.10:2375");
        docker("context", "create", "it-tls", "--description", "a TLS engine", "--docker", "host=tcp://127.0.0.1:" + tlsPort
                + ",ca=" + certs.resolve("ca.pem") + ",cert=" + certs.resolve("cert.pem") + ",key=" + certs.resolve("key.pem"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (t != null) {
            t.close();
        }
        if (tlsEngine != null) {
            tlsEngine.close();
        }
    }

    /** CA, a server certificate for 127.0.0.1 and a client certificate, as the Docker docs set up a TLS engine. */
    private static void makeCertificates(Path dir) throws Exception {
        String script = String.join("\n",
                "set -e; cd '" + dir + "'",
                "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=dbdock-it-ca 2>/dev/null",
                "openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=localhost 2>/dev/null",
                "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' > server.ext",
                "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 2 -extfile server.ext 2>/dev/null",
                "openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=dbdock-it-client 2>/dev/null",
                "printf 'extendedKeyUsage=clientAuth\\n' > client.ext",
                "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 2 -extfile client.ext 2>/dev/null");
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "openssl made the certificates: " + out);
    }

    private static String docker(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker", "--config", config.toString()));
        cmd.addAll(List.of(args));
        return WindowSupport.run(cmd.toArray(String[]::new));
    }

    private static CliRunner cli(String context) {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_CONFIG", config.toString());
        env.put("DOCKER_HOST", null);
        env.put("DOCKER_CONTEXT", context);
        return new CliRunner(t.root.path(), env);
    }

    @Test
    void everyContextIsListedWithWhetherItsEngineAnswers() throws Exception {
        CliRunner.Run run = cli(null).run(null, "contexts", "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, JsonNode> byName = new HashMap<>();
        Json.mapper().readTree(run.out()).forEach(n -> byName.put(n.path("name").asText(), n));
        assertEquals(java.util.Set.of("default", "it-local", "it-away", "it-plain", "it-tls"), byName.keySet(), run.out());

        String version = WindowSupport.run("docker", "version", "--format", "{{.Server.Version}}");
        JsonNode def = byName.get("default");
        assertTrue(def.path("current").asBoolean() && def.path("reachable").asBoolean(), def.toString());
        assertTrue(def.path("engine").asText().startsWith("Docker " + version + " (API "), def.toString());
        JsonNode local = byName.get("it-local");
        assertTrue(local.path("reachable").asBoolean() && !local.path("current").asBoolean(), local.toString());
        assertEquals("this machine under a name", local.path("description").asText());

        JsonNode away = byName.get("it-away");
        assertFalse(away.path("reachable").asBoolean(), away.toString());
        assertTrue(away.path("problem").asText().contains("tcp://127.0.0.1:9"), away.toString());
        JsonNode plain = byName.get("it-plain");
        assertFalse(plain.path("reachable").asBoolean(), plain.toString());
        assertTrue(plain.path("problem").asText().contains("without TLS"), "plain tcp to another machine is refused: " + plain);

        JsonNode tls = byName.get("it-tls");
        assertTrue(tls.path("reachable").asBoolean() && tls.path("tls").asBoolean(), tls.toString());
        assertTrue(tls.path("engine").asText().startsWith("Docker " + tlsEngine.docker("version", "--format", "{{.Server.Version}}")),
                tls.toString());

        CliRunner.Run table = cli("it-tls").run(null, "contexts");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("it-tls *") && l.contains("yes")), "the current one is marked: " + table.out());
        assertTrue(table.err().contains("it-plain: dbdock will not talk to the Docker engine at tcp://192.0.2.10:2375"), table.err());
    }

    @Test
    void anInstanceLivesOnTheTlsEngineOfTheCurrentContext() throws Exception {
        CliRunner cli = cli("it-tls");
        String name = t.name("tls");
        CliRunner.Run create = cli.run(null, "create", "--engine", "redis", "--name", name);
        assertEquals(0, create.code(), create.out() + create.err());
        assertTrue(tlsEngine.docker("ps", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)),
                "the container runs on the TLS engine");
        assertFalse(WindowSupport.run("docker", "ps", "-a", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)),
                "and not on this machine's own");
        String url = cli.run(null, "url", name).out().trim();
        try (Jedis jedis = new Jedis(URI.create(url))) {
            assertEquals("OK", jedis.set("through", "tls"));
            assertEquals("tls", jedis.get("through"));
        }

        // The same data root on this machine's engine: the instance is listed as being elsewhere, and left alone.
        CliRunner local = cli(null);
        JsonNode row = Json.mapper().readTree(local.run(null, "list", "--json").out()).get(0);
        assertEquals("elsewhere", row.path("state").asText(), row.toString());
        assertTrue(row.path("detail").asText().startsWith("On context 'it-tls'"), row.toString());
        CliRunner.Run refused = local.run(null, "stop", name);
        assertEquals(5, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("Run the command with --context it-tls to reach it."), refused.err());
        assertTrue(tlsEngine.docker("ps", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)), "still running there");
        assertFalse(WindowSupport.run("docker", "ps", "-a", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)),
                "nothing made on this machine's engine");

        CliRunner.Run stop = local.run(null, "--context", "it-tls", "stop", name);
        assertEquals(0, stop.code(), stop.out() + stop.err());
        CliRunner.Run start = local.run(null, "start", name, "--context", "it-tls");
        assertEquals(0, start.code(), start.out() + start.err());
        assertTrue(start.out().contains("Ready"), start.out());
        CliRunner.Run typo = local.run(null, "--context", "it-tsl", "list");
        assertEquals(3, typo.code(), typo.out() + typo.err());
        assertTrue(typo.err().contains("There is no Docker context named 'it-tsl'") && typo.err().contains("Did you mean it-tls?"),
                typo.err());

        CliRunner.Run rm = cli.run(null, "rm", name, "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.out() + rm.err());
        assertFalse(tlsEngine.docker("ps", "-a", "--format", "{{.Names}}").lines().anyMatch(l -> l.contains(name)), "deleted there");
    }
}
