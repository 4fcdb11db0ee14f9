package io.dbdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.app.Core;
import io.dbdock.common.DataRoot;
import io.dbdock.common.Json;
import io.dbdock.docker.InMemoryDocker;
import io.dbdock.engine.ImageResolver;
import io.dbdock.probe.ProbeResult;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands through the real core against an in-memory engine: what a user reads, and the exit codes. */
class CliCommandsTest {
    @TempDir
    Path home;
    private final InMemoryDocker docker = new InMemoryDocker("redis:8", "postgres:18");

    private record Result(int code, String out, String err) {
    }

    private Result run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal t = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)), false);
        Core.Wiring wiring = new Core.Wiring(new DataRoot(home), new ImageResolver(Map.of(), ""), () -> docker,
                kind -> e -> docker.containers().stream().anyMatch(c -> c.running && c.spec.port().hostPort() == e.port())
                        ? ProbeResult.ready() : ProbeResult.notReady("connection refused"));
        int code = Cli.run(wiring, t, args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void createUrlListStopAndDeleteAsAUserTypesThem() throws Exception {
        Result create = run("my pw\n", "create", "--engine", "redis", "--name", "cache", "--password-stdin");
        assertEquals(0, create.code(), create.err());
        assertTrue(create.out().startsWith("Created cache (redis 8) on 127.0.0.1:") && create.out().contains(": Ready"), create.out());
        int port = docker.containers().get(0).spec.port().hostPort();

        assertEquals("redis://default:my%20pw@127.0.0.1:" + port + "/0", run(null, "url", "cache").out().trim());
        Result env = run(null, "url", "cache", "--format", "env");
        assertEquals("REDIS_URL=redis://default:my%20pw@127.0.0.1:" + port + "/0", env.out().trim());
        Result jdbc = run(null, "url", "cache", "--format", "jdbc");
        assertEquals(2, jdbc.code(), "Redis has no JDBC URL: invalid input");

        var rows = Json.mapper().readTree(run(null, "list", "--json").out());
        assertEquals("ready", rows.get(0).get("state").asText());
        assertFalse(rows.toString().contains("my pw"), "a listing never shows the password");

        Result stop = run(null, "stop", "cache");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(stop.out().contains("Stopped"), stop.out());

        assertEquals(4, run(null, "stop", "nope").code(), "no such instance");
        Result rm = run(null, "rm", "cache", "--delete-data", "--yes");
        assertEquals(0, rm.code(), rm.err());
        assertTrue(docker.containers().isEmpty() && docker.volumeNames().isEmpty());
    }

    @Test
    void withoutDockerEveryCommandSaysSoAndExitsWithThree() {
        docker.setDown(true);
        Result create = run(null, "create", "--engine", "redis");
        assertEquals(3, create.code());
        assertTrue(create.err().startsWith("dbdock: Docker is not running"), create.err());
        assertFalse(create.err().contains("Exception"), create.err());
    }

    @Test
    void anInstanceOnAnotherEngineIsListedAsThereAndAChangeSaysWhichContextReachesIt() throws Exception {
        docker.place = new io.dbdock.model.EnginePlace("box", "engine-of-the-box");
        assertEquals(0, run(null, "create", "--engine", "redis", "--name", "cache").code());
        docker.place = new io.dbdock.model.EnginePlace("default", "the-laptops-engine");

        String alone = run(null, "list").out();
        assertFalse(alone.contains("CONTEXT"), "one engine's instances: no context column\n" + alone);
        assertEquals(0, run(null, "create", "--engine", "redis", "--name", "local").code());

        var rows = Json.mapper().readTree(run(null, "list", "--json").out());
        assertEquals("elsewhere", rows.get(0).get("state").asText());
        assertEquals("box", rows.get(0).get("context").asText());
        assertEquals("default", rows.get(1).get("context").asText());
        String table = run(null, "list").out();
        assertTrue(table.lines().findFirst().orElseThrow().endsWith("CONTEXT"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("cache") && l.contains("Other engine") && l.endsWith("box")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("local") && l.contains("Ready") && l.endsWith("default")), table);
        Result start = run(null, "start", "cache");
        assertEquals(5, start.code(), "a conflict");
        assertEquals("dbdock: cache lives on the Docker engine of context 'box'; dbdock is using the Docker engine of context "
                + "'default' now. Run the command with --context box to reach it.", start.err().trim());
        assertEquals(2, docker.containers().size(), "nothing made again on this engine (cache's and local's)");
    }

    @Test
    void theEngineOptionsAreTakenBeforeOrAfterTheCommand() {
        for (String[] args : List.of(new String[] {"--context", "box", "list"}, new String[] {"list", "--context", "box"},
                new String[] {"list", "--context=box", "--insecure-tcp"})) {
            CliContext ctx = new CliContext(new DataRoot(home), null, new Terminal(new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), new ByteArrayInputStream(new byte[0]), false));
            assertEquals("list", Cli.firstWord(args), String.join(" ", args));
            Cli.commandLine(ctx, Cli.firstWord(args)).parseArgs(args);
            assertEquals("box", ctx.engineChoice().context(), String.join(" ", args));
            assertEquals(List.of(args).contains("--insecure-tcp"), ctx.engineChoice().insecureTcp());
        }
    }
}
