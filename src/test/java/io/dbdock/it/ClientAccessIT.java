package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `dbdock shell`, `shell -c`, `exec` and the read-only `list` on the real servers, from the
 * command line as a user runs them. One instance per engine, shared: the tests only read, apart
 * from one Redis key.
 */
@RequiresDocker
class ClientAccessIT {
    private static TestInstances t;
    private static CliRunner cli;
    private static final Map<String, String> NAMES = new HashMap<>();

    @BeforeAll
    static void createOnePerEngine() throws Exception {
        t = new TestInstances();
        cli = new CliRunner(t.root.path());
        List<CreateRequest> requests = List.of(CreateRequest.of("postgres"), CreateRequest.of("mysql").withVersion("9"),
                CreateRequest.of("mariadb"), CreateRequest.of("redis"), CreateRequest.of("mongo"), CreateRequest.of("valkey"),
                CreateRequest.of("redis").withName(t.name("stopped")));
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<String>> made = requests.stream().map(r -> pool.submit(() -> {
                String name = r.name() != null ? r.name() : t.name("sh-" + r.engine());
                assertEquals(InstanceState.READY, t.create(r.withName(name)).state(), name);
                return name;
            })).toList();
            for (int i = 0; i < requests.size(); i++) {
                NAMES.put(i == requests.size() - 1 ? "stopped" : requests.get(i).engine(), made.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        t.service.stop(NAMES.get("stopped"));
    }

    @AfterAll
    static void cleanUp() {
        if (t != null) {
            t.close();
        }
    }

    @Test
    void oneStatementRunsInEveryEnginesOwnClient() throws Exception {
        for (String engine : List.of("postgres", "mysql", "mariadb")) {
            CliRunner.Run r = cli.run(null, "shell", NAMES.get(engine), "-c", "select 40 + 2 as answer");
            assertEquals(0, r.code(), engine + ": " + r.err());
            assertTrue(r.out().contains("42"), engine + ": " + r.out());

            CliRunner.Run bad = cli.run(null, "shell", NAMES.get(engine), "-c", "select no_such_column");
            assertEquals(1, bad.code(), engine + ": a failed statement is a failed command");
            assertTrue(bad.err().toLowerCase().contains("no_such_column"), engine + " says why: " + bad.err());
        }
        for (String engine : List.of("redis", "valkey")) { // redis-cli and valkey-cli, logged in with the stored password
            String name = NAMES.get(engine);
            CliRunner.Run set = cli.run(null, "shell", name, "-c", "SET greeting \"hello world\"");
            assertEquals(0, set.code(), engine + ": " + set.err());
            CliRunner.Run get = cli.run(null, "shell", name, "-c", "GET greeting");
            assertEquals("hello world", get.out().strip(), engine + ": " + get.err());
        }
        // The Mongo stand-in evaluates no JavaScript: what is checked is that mongosh logged in with the stored password.
        CliRunner.Run mongo = cli.run(null, "shell", NAMES.get("mongo"), "-c", "db.runCommand({ping: 1})");
        assertEquals(0, mongo.code(), mongo.err());
        assertTrue(mongo.out().contains("logged in"), mongo.out());
    }

    @Test
    void aScriptOnStandardInputIsRunByTheShell() throws Exception {
        for (String engine : List.of("postgres", "mariadb")) {
            CliRunner.Run r = cli.run("select 6 * 7;\n", "shell", NAMES.get(engine));
            assertEquals(0, r.code(), engine + ": " + r.err());
            assertTrue(r.out().contains("42"), engine + ": " + r.out());
        }
    }

    @Test
    void execRunsACommandThatFindsThePasswordInAFileAndKeepsItsExitCode() throws Exception {
        String pg = NAMES.get("postgres");
        CliRunner.Run password = cli.run(null, "exec", pg, "--", "sh", "-c", "cat \"$DBDOCK_PASSWORD_FILE\"");
        assertEquals(0, password.code(), password.err());
        assertEquals(t.service.password(t.record(pg)), password.out());
        assertEquals(7, cli.run(null, "exec", pg, "--", "sh", "-c", "exit 7").code(), "the command's own exit code");

        CliRunner.Run nothing = cli.run(null, "exec", pg);
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("Say which command to run"), nothing.err());
        for (List<String> args : List.of(List.of("exec", NAMES.get("stopped"), "--", "true"), List.of("shell", NAMES.get("stopped"), "-c", "PING"))) {
            CliRunner.Run refused = cli.run(null, args.toArray(String[]::new));
            assertEquals(5, refused.code(), args + ": " + refused.err());
            assertTrue(refused.err().contains("is not running. Start it first."), refused.err());
        }
    }

    @Test
    void listSaysReadyForEveryServerThatAnswersWithoutLoggingIn() throws Exception {
        CliRunner.Run list = cli.run(null, "list", "--json");
        assertEquals(0, list.code(), list.err());
        Map<String, String> states = new HashMap<>();
        for (JsonNode row : Json.mapper().readTree(list.out())) {
            states.put(row.get("name").asText(), row.get("state").asText());
        }
        Map<String, String> expected = new HashMap<>();
        NAMES.forEach((engine, name) -> expected.put(name, engine.equals("stopped") ? "stopped" : "ready"));
        assertEquals(expected, states);
    }
}
