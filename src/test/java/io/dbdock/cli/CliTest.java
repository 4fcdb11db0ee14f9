package io.dbdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.store.InstanceStore;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line behaviour that needs no Docker: usage, catalog, and bad input refused before anything changes. */
class CliTest {
    @TempDir
    Path home;

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal t = new Terminal(new PrintWriter(out, true), new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]), false);
        int code = Cli.run(new DataRoot(home), t, args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void enginesListsEveryEngineAndItsImages() {
        Result r = run("engines");
        assertEquals(0, r.code);
        for (String e : new String[] {"postgres", "mysql", "mariadb", "mongo", "redis"}) {
            assertTrue(r.out.contains(e), r.out);
        }
        Result images = run("engines", "--images");
        assertTrue(images.out.lines().anyMatch("postgres:18"::equals), images.out);
        assertTrue(images.out.lines().anyMatch("pgvector/pgvector:pg17"::equals), images.out);
        // 16 engine versions, 5 + 5 + 4 variant images (TimescaleDB with or without pgvector is one image).
        assertEquals(30, images.out.lines().count());
        assertEquals(images.out.lines().count(), images.out.lines().distinct().count(), "each image once");
        assertTrue(r.out.contains("timescaledb,pgvector  postgres  15, 16, 17, 18"), r.out);
    }

    @Test
    void enginesJsonIsMachineReadable() throws Exception {
        Result r = run("engines", "--json");
        var tree = io.dbdock.common.Json.mapper().readTree(r.out);
        assertEquals(6, tree.size());
        assertEquals("postgres", tree.get(0).get("id").asText());
    }

    @Test
    void versionComesFromTheBuild() {
        Result r = run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("dbdock "), r.out);
    }

    @Test
    void unknownEngineIsRefusedInPlainWordsAndNothingIsWritten() {
        Result r = run("create", "--engine", "oracle");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("Unknown engine 'oracle'. Choose one of: postgres, mysql, mariadb, mongo, redis, valkey."), r.err);
        assertFalse(r.err.contains("Exception"), r.err);
        assertFalse(Files.exists(new DataRoot(home).instancesFile()));
    }

    @Test
    void badNamesVersionsPortsAndAddressesAreRefused() {
        assertEquals(2, run("create", "--engine", "postgres", "--version", "13").code);
        assertTrue(run("create", "--engine", "postgres", "--version", "13").err.contains("Available: 14, 15, 16, 17, 18"));
        assertEquals(2, run("create", "--engine", "redis", "--name", "bad/name").code);
        assertEquals(2, run("create", "--engine", "redis", "--port", "70000").code);
        assertEquals(2, run("create", "--engine", "redis", "--bind", "example.com").code);
        assertEquals(2, run("create", "--engine", "redis", "--storage", "cloud").code);
        assertEquals(2, run("create", "--engine", "redis", "--port", "abc").code, "picocli's own usage error");
        assertFalse(Files.exists(new DataRoot(home).instancesFile()));
    }

    @Test
    void unknownInstanceSaysSoWithExitCode4() {
        Result r = run("info", "nope");
        assertEquals(4, r.code);
        assertTrue(r.err.contains("No instance named 'nope'"), r.err);
    }

    @Test
    void urlOfAnUnknownInstanceListsTheKnownOnes() {
        new InstanceStore(new DataRoot(home)).update(list -> list.add(io.dbdock.store.TestRecords.record("known", 1)));
        Result r = run("url", "x");
        assertEquals(4, r.code);
        assertTrue(r.err.contains("Known instances: known."), r.err);
    }

    @Test
    void destructiveCommandsNeedATerminalOrYes() {
        var root = new DataRoot(home);
        var rec = io.dbdock.store.TestRecords.record("keep", 1234);
        new InstanceStore(root).update(list -> list.add(rec));
        Result r = run("rm", "keep");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("no terminal to ask on: nothing was done. Add --yes"), r.err);
        assertEquals(1, new InstanceStore(root).load().size(), "nothing was deleted");
    }
}
