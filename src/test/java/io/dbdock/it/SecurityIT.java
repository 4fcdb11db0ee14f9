package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.probe.ProbeResult;
import io.dbdock.probe.Probes;
import io.dbdock.model.InstanceRecord;
import io.dbdock.common.Json;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Passwords stay out of docker inspect, ports stay on loopback, wrong passwords are refused. */
@RequiresDocker
class SecurityIT {
    private static final String PASSWORD = "Pa ss@w:rd/?&%#'\"x";
    /** MySQL's image cannot take a ' (BadInputIT): the same password without it. */
    private static final String MYSQL_PASSWORD = PASSWORD.replace("'", "");

    private static String password(String engine) {
        return engine.equals("mysql") ? MYSQL_PASSWORD : PASSWORD;
    }
    private static TestInstances t;

    private static final String[] ENGINES = {"postgres", "mysql", "mariadb", "mongo", "redis", "valkey"};

    @BeforeAll
    static void setUp() {
        Requirements.requireDocker();
        t = new TestInstances();
        for (String engine : ENGINES) {
            InstanceSnapshot s = t.create(CreateRequest.of(engine).withName(t.name("sec-" + engine)).withPassword(password(engine)));
            assertEquals(InstanceState.READY, s.state(), engine + ": " + s.detail());
        }
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    static String dockerInspect(String container) throws Exception {
        Process p = new ProcessBuilder("docker", "inspect", container).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mysql", "mariadb", "mongo", "redis", "valkey"})
    void passwordIsNotInInspectAndPortIsOnLoopbackOnly(String engine) throws Exception {
        InstanceSnapshot s = t.service.snapshot(t.record(t.name("sec-" + engine)));
        String inspect = dockerInspect(s.record().containerName());
        assertFalse(inspect.contains("Pa ss@w"), "the password shows in docker inspect");
        assertFalse(inspect.contains("Pa%20ss%40w"), "the encoded password shows in docker inspect");
        JsonNode bindings = Json.mapper().readTree(inspect).get(0).path("HostConfig").path("PortBindings");
        JsonNode first = bindings.elements().next().get(0);
        assertEquals("127.0.0.1", first.get("HostIp").asText());
        assertEquals(String.valueOf(s.record().port()), first.get("HostPort").asText());

        Path home = Path.of(s.record().home());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("password"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(t.root.path())));
        assertEquals(password(engine), Files.readString(home.resolve("password")));
    }

    /** Bound to loopback in fact, not only in the inspect output: the machine's other addresses refuse. */
    @Test
    void defaultInstancesCannotBeReachedThroughTheMachinesOtherAddresses() throws Exception {
        List<InetAddress> outside = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress()).forEach(outside::add);
            }
        }
        assertFalse(outside.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        int refused = 0;
        for (String engine : ENGINES) {
            int port = t.record(t.name("sec-" + engine)).port();
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            for (InetAddress address : outside) {
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(address, port), 2000);
                    fail(engine + " answers on " + address.getHostAddress() + ":" + port);
                } catch (IOException expected) {
                    refused++;
                }
            }
        }
        System.out.println("SECURITY: " + refused + " connections to " + outside + " refused, loopback open for all "
                + ENGINES.length + " engines");
    }

    @Test
    void theInstanceListAndItsBackupAreReadableByTheOwnerOnly() throws Exception {
        // Five creates wrote the list several times, so the backup exists too.
        for (Path file : List.of(t.root.instancesFile(), t.root.instancesFile().resolveSibling(t.root.instancesFile().getFileName() + ".bak"))) {
            assertTrue(Files.exists(file), file + " exists");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
    }

    @Test
    void specialCharacterPasswordsWorkThroughTheJdbcUrl() throws Exception {
        String name = t.name("sec-postgres");
        InstanceRecord r = t.record(name);
        EngineSpec pg = t.service.engine(r);
        try (Connection c = DriverManager.getConnection(pg.formats().jdbc(t.service.endpoint(r)).orElseThrow())) {
            assertTrue(c.isValid(2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mysql", "mariadb", "redis", "valkey"})
    void probeRefusesAWrongPassword(String engine) {
        InstanceRecord r = t.record(t.name("sec-" + engine));
        Endpoint right = t.service.endpoint(r);
        Endpoint wrong = new Endpoint(right.host(), right.port(), new Credentials(r.user(), "wrong-password", r.database()));
        var probe = Probes.forKind(t.service.engine(r).probe());
        assertEquals(ProbeResult.Outcome.READY, probe.check(right).outcome());
        ProbeResult refused = probe.check(wrong);
        assertEquals(ProbeResult.Outcome.AUTH_FAILED, refused.outcome(), refused.message());
    }

    /**
     * The Mongo stand-in has no authentication, so a login cannot prove the password. This checks
     * the container's configuration instead: only the _FILE variable is set, and the file it names
     * holds the password and is readable by uid 999, as the official entrypoint needs.
     */
    @Test
    void mongoGetsItsPasswordAsAFileReadableByTheServerUser() throws Exception {
        InstanceRecord r = t.record(t.name("sec-mongo"));
        JsonNode env = Json.mapper().readTree(dockerInspect(r.containerName())).get(0).path("Config").path("Env");
        boolean hasFileVar = false;
        for (JsonNode e : env) {
            assertFalse(e.asText().startsWith("MONGO_INITDB_ROOT_PASSWORD="), e.asText());
            hasFileVar |= e.asText().equals("MONGO_INITDB_ROOT_PASSWORD_FILE=/run/dbdock/password");
        }
        assertTrue(hasFileVar);
        Process p = new ProcessBuilder("docker", "exec", "-u", "999", r.containerName(), "cat", "/run/dbdock/password").start();
        String content = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals(PASSWORD, content);
    }
}
