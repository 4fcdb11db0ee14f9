package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every command of the packaged `dbdock` jar, run as a user would, against the real engine. */
@RequiresDocker
class CliIT {
    private static TestInstances t;
    private static CliRunner cli;

    @BeforeAll
    static void setUp() {
        Requirements.requireDocker();
        t = new TestInstances();
        cli = new CliRunner(t.root.path());
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    static CliRunner.Run dbdock(String stdin, String... args) throws Exception {
        return cli.run(stdin, args);
    }

    @Test
    void everyCommandWorksAgainstTheEngine() throws Exception {
        String name = t.name("cli");
        CliRunner.Run create = dbdock("my own pw\n", "create", "--engine", "redis", "--name", name, "--password-stdin", "--storage", "folder");
        assertEquals(0, create.code(), create.err());
        assertTrue(create.out().contains("Created " + name), create.out());
        assertTrue(create.out().contains(": Ready"), create.out());

        CliRunner.Run list = dbdock(null, "list", "--json");
        assertEquals(0, list.code(), list.err());
        JsonNode rows = Json.mapper().readTree(list.out());
        assertEquals(1, rows.size());
        assertEquals("ready", rows.get(0).get("state").asText());
        int port = rows.get(0).get("port").asInt();
        assertFalse(list.out().contains("my own pw"), "list never shows the password");

        CliRunner.Run table = dbdock(null, "list");
        assertTrue(table.out().startsWith("NAME"), table.out());
        assertTrue(table.out().contains("127.0.0.1:" + port), table.out());

        CliRunner.Run info = dbdock(null, "info", name);
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains(t.root.path().resolve("instances").toString()), "info says where the data is: " + info.out());
        assertFalse(info.out().contains("my own pw"));

        CliRunner.Run uri = dbdock(null, "url", name);
        assertEquals("redis://default:my%20own%20pw@127.0.0.1:" + port + "/0", uri.out().trim());
        CliRunner.Run env = dbdock(null, "url", name, "--format", "env");
        assertTrue(env.out().startsWith("REDIS_URL=redis://default:my%20own%20pw@"), env.out());
        CliRunner.Run jdbc = dbdock(null, "url", name, "--format", "jdbc");
        assertEquals(2, jdbc.code());
        assertTrue(jdbc.err().contains("no JDBC"), jdbc.err());

        assertEquals(String.valueOf(port), dbdock(null, "port", name).out().trim());

        CliRunner.Run stop = dbdock(null, "stop", name);
        assertEquals(0, stop.code(), stop.err());
        assertTrue(stop.out().contains("Stopped"), stop.out());
        CliRunner.Run start = dbdock(null, "start", name);
        assertEquals(0, start.code(), start.err());
        assertTrue(start.out().contains("Ready"), start.out());
        CliRunner.Run restart = dbdock(null, "restart", name);
        assertEquals(0, restart.code(), restart.err());

        CliRunner.Run logs = dbdock(null, "logs", name, "--tail", "20");
        assertEquals(0, logs.code(), logs.err());
        assertTrue(logs.out().toLowerCase().contains("ready to accept connections"), logs.out());

        CliRunner.Run status = dbdock(null, "status", "--json");
        JsonNode s = Json.mapper().readTree(status.out());
        assertTrue(s.get("dockerEndpoint").asText().startsWith("unix://"), status.out());
        assertFalse(s.get("apiVersion").asText().isBlank());

        // Its port held by another program while it is stopped: the start says which one, and the command that fixes it.
        assertEquals(0, dbdock(null, "stop", name).code());
        try (java.net.ServerSocket held = new java.net.ServerSocket()) {
            held.setReuseAddress(true);
            held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port));
            CliRunner.Run blocked = dbdock(null, "start", name);
            assertEquals(5, blocked.code(), blocked.err());
            assertTrue(blocked.err().startsWith("dbdock: '" + name + "' cannot start on 127.0.0.1: another program (java, process "
                    + ProcessHandle.current().pid() + ") is listening on port " + port + ". Stop that program, or move the instance to a free port ("),
                    blocked.err());
            assertTrue(blocked.err().trim().endsWith("dbdock port " + name + " --reassign"), blocked.err());
        }
        assertEquals(0, dbdock(null, "start", name).code());

        CliRunner.Run reassign = dbdock(null, "port", name, "--reassign");
        assertEquals(0, reassign.code(), reassign.err());
        assertTrue(reassign.out().contains("port " + port + " -> "), reassign.out());
        assertTrue(reassign.out().contains("(Ready)"), reassign.out());

        CliRunner.Run dup = dbdock(null, "create", "--engine", "redis", "--name", name);
        assertEquals(5, dup.code());
        assertTrue(dup.err().contains("already exists"), dup.err());

        CliRunner.Run rm = dbdock(null, "rm", name, "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.err());
        assertEquals("No instances yet. Create one with: dbdock create --engine postgres", dbdock(null, "list").out().trim());
    }
}
