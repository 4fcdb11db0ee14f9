package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbdock.common.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * A project of PostgreSQL, Redis and MariaDB (real servers) brought up with `dbdock up` as a
 * user would, from the project's folder: Ready, the .env lines work with real clients, the
 * user's own lines survive, a second up changes nothing, a taken port moves, init files run
 * exactly once, down and down --delete, and bad files refused.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectIT {
    private static TestInstances t;
    private static CliRunner cli;
    private static Path folder;
    /** A port the cache prefers, held by another program before the first up. */
    private static final int CACHE_PORT = 46379;
    /** The mode the user gave their .env (dbdock keeps it). */
    private static final String userMode = "rw-r-----";

    @BeforeAll
    static void setUp() throws Exception {
        Requirements.requireDocker();
        t = new TestInstances();
        cli = new CliRunner(t.root.path());
        folder = Files.createTempDirectory(t.root.path().getParent(), "shop-");
        Files.createDirectories(folder.resolve("db"));
        Files.writeString(folder.resolve("db/schema.sql"), "CREATE TABLE items (id int PRIMARY KEY, name text);\n");
        try (var gz = new GZIPOutputStream(Files.newOutputStream(folder.resolve("db/seed.sql.gz")))) {
            gz.write("INSERT INTO items VALUES (1, 'first');\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(folder.resolve("db/maria.sql"), "CREATE TABLE orders (id int);\nINSERT INTO orders VALUES (7);\n");
        Files.writeString(folder.resolve("db/cache.redis"), "# seeded by dbdock up\nSET greeting \"hello there\"\n\nRPUSH queue a b\n");
        Files.writeString(folder.resolve("dbdock.json"), """
                {
                  "project": "shopit",
                  "databases": {
                    "main": {"engine": "postgres", "version": "17", "init": ["db/schema.sql", "db/seed.sql.gz"]},
                    "cache": {"engine": "redis", "version": "8.x", "port": %d, "init": ["db/cache.redis"]},
                    "orders": {"engine": "mariadb", "version": "11", "storage": "volume", "init": ["db/maria.sql"]}
                  },
                  "env": {"vars": {"DATABASE_URL": "{main.uri}", "MAIN_JDBC": "{main.jdbc}", "REDIS_URL": "{cache.uri}",
                                   "CACHE_PORT": "{cache.port}", "ORDERS_JDBC": "{orders.jdbc}"}}
                }
                """.formatted(CACHE_PORT));
        Files.writeString(folder.resolve(".env"), "APP_KEY=keep-me\n# the team's comment\n");
        Files.setPosixFilePermissions(folder.resolve(".env"), PosixFilePermissions.fromString(userMode));
    }

    @AfterAll
    static void tearDown() {
        if (t != null) {
            t.close();
        }
    }

    private static CliRunner.Run dbdock(String... args) throws Exception {
        return cli.runIn(folder, null, args);
    }

    /** The .env as a dotenv reader takes it (KEY=value, single-quoted values literal). */
    private static Map<String, String> env() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve(".env"))) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String v = line.substring(eq + 1);
            values.put(line.substring(0, eq), v.startsWith("'") ? v.substring(1, v.length() - 1) : v);
        }
        return values;
    }

    private static int count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @Order(1)
    void upMakesAllThreeReadyMovesTheTakenPortAndWritesAnEnvThatRealClientsUse() throws Exception {
        CliRunner.Run up;
        long began = System.nanoTime();
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), CACHE_PORT));
            up = dbdock("up");
        }
        System.out.printf("ProjectIT: cold up of postgres + redis + mariadb: %d ms%n", (System.nanoTime() - began) / 1_000_000);
        assertEquals(0, up.code(), up.out() + up.err());
        assertEquals(3, up.out().lines().filter(l -> l.contains("Ready") && l.contains("created")).count(), up.out());
        assertTrue(up.out().contains("(" + CACHE_PORT + " was taken)"), up.out());
        assertTrue(up.out().contains("Wrote .env (DATABASE_URL, MAIN_JDBC, REDIS_URL, CACHE_PORT, ORDERS_JDBC)"), up.out());
        assertTrue(up.err().contains("main: Ready on 127.0.0.1:"), "progress per database: " + up.err());

        Map<String, String> env = env();
        assertEquals("keep-me", env.get("APP_KEY"), "the user's own line is kept");
        assertTrue(Files.readString(folder.resolve(".env")).startsWith("APP_KEY=keep-me\n# the team's comment\n# >>> dbdock"));
        assertEquals(userMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(".env"))), "its mode is kept");
        int cachePort = Integer.parseInt(env.get("CACHE_PORT"));
        assertNotEquals(CACHE_PORT, cachePort);
        assertTrue(env.get("REDIS_URL").contains(":" + cachePort + "/"), env.get("REDIS_URL"));

        assertEquals(1, count(env.get("MAIN_JDBC"), "SELECT count(*) FROM items WHERE name = 'first'"), "both init files ran, in order");
        assertTrue(env.get("DATABASE_URL").startsWith("postgresql://postgres:"), env.get("DATABASE_URL"));
        assertEquals(7, count(env.get("ORDERS_JDBC"), "SELECT id FROM orders"));
        try (Jedis j = new Jedis(URI.create(env.get("REDIS_URL")))) {
            assertEquals("hello there", j.get("greeting"));
            assertEquals(2, j.llen("queue"));
        }
        CliRunner.Run list = cli.run(null, "list", "--json");
        JsonNode rows = Json.mapper().readTree(list.out());
        assertEquals(3, rows.size());
    }

    @Test
    @Order(2)
    void aSecondUpChangesNothingAndKeepsEveryPort() throws Exception {
        String before = Files.readString(folder.resolve(".env"));
        var modified = Files.getLastModifiedTime(folder.resolve(".env"));
        CliRunner.Run up = dbdock("up");
        assertEquals(0, up.code(), up.err());
        assertEquals(3, up.out().lines().filter(l -> l.contains("already up")).count(), up.out());
        assertTrue(up.out().contains("Unchanged: .env"), up.out());
        assertEquals(before, Files.readString(folder.resolve(".env")));
        assertEquals(modified, Files.getLastModifiedTime(folder.resolve(".env")));
        assertEquals(1, count(env().get("MAIN_JDBC"), "SELECT count(*) FROM items"), "the seed did not run again");

        CliRunner.Run ps = dbdock("ps");
        assertEquals(0, ps.code(), ps.err());
        assertEquals(3, ps.out().lines().filter(l -> l.contains("Ready")).count(), ps.out());
        CliRunner.Run printed = dbdock("env");
        assertTrue(before.contains(printed.out().trim()), "dbdock env prints what up wrote: " + printed.out());
    }

    @Test
    @Order(3)
    void downStopsAndDownDeleteKeepsTheDataForTheNextUp() throws Exception {
        CliRunner.Run down = dbdock("down");
        assertEquals(0, down.code(), down.err());
        assertTrue(down.out().contains("Stopped shopit-main."), down.out());
        assertEquals(3, dbdock("ps").out().lines().filter(l -> l.contains("Stopped")).count());

        CliRunner.Run delete = dbdock("down", "--delete");
        assertEquals(0, delete.code(), delete.err());
        assertEquals(3, delete.out().lines().filter(l -> l.contains("its data is kept at")).count(), delete.out());
        assertEquals(0, Json.mapper().readTree(cli.run(null, "list", "--json").out()).size());

        CliRunner.Run up = dbdock("up");
        assertEquals(0, up.code(), up.out() + up.err());
        assertEquals(3, up.out().lines().filter(l -> l.contains("created on the data kept from before")).count(), up.out());
        Map<String, String> env = env();
        assertEquals(1, count(env.get("MAIN_JDBC"), "SELECT count(*) FROM items"), "the data is back and init did not run again");
        assertEquals(1, count(env.get("ORDERS_JDBC"), "SELECT count(*) FROM orders"));
        try (Jedis j = new Jedis(URI.create(env.get("REDIS_URL")))) {
            assertEquals(2, j.llen("queue"), "the commands file did not run again");
        }
    }

    @Test
    @Order(4)
    void aFailingInitFileNamesTheLineAndTheServersWordsAndLeavesTheInstance() throws Exception {
        Path other = Files.createTempDirectory(t.root.path().getParent(), "broken-");
        Files.writeString(other.resolve("bad.sql"), "CREATE TABLE ok (id int);\nINSERT INTO missing VALUES (1);\n");
        Files.writeString(other.resolve("dbdock.json"),
                "{\"project\": \"brokenit\", \"databases\": {\"db\": {\"engine\": \"postgres\", \"version\": \"17\", \"init\": [\"bad.sql\"]}}}");
        CliRunner.Run up = cli.runIn(other, null, "up");
        assertEquals(1, up.code(), up.out() + up.err());
        assertTrue(up.err().contains("dbdock: db: init file bad.sql line 2: ERROR: relation \"missing\" does not exist"), up.err());
        assertTrue(up.out().contains("brokenit-db") && up.out().contains("Ready"), "the instance stays: " + up.out());
        CliRunner.Run ps = cli.runIn(other, null, "ps");
        assertTrue(ps.err().contains("db: init file bad.sql line 2"), ps.err());
        assertEquals(0, cli.runIn(other, null, "down", "--delete-data", "--yes").code());
    }

    @Test
    @Order(5)
    void anInvalidFileChangesNothingAndNamesTheKey() throws Exception {
        Path other = Files.createTempDirectory(t.root.path().getParent(), "invalid-");
        Files.writeString(other.resolve("dbdock.json"),
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"version\": \"9.x\"}, \"b\": {\"engine\": \"postgress\"}}}");
        int before = Json.mapper().readTree(cli.run(null, "list", "--json").out()).size();
        CliRunner.Run up = cli.runIn(other, null, "up");
        assertEquals(2, up.code(), up.err());
        assertTrue(up.err().contains("dbdock.json: databases.a.version: \"9.x\" matches no redis version"), up.err());
        assertTrue(up.err().contains("dbdock.json: databases.b.engine: \"postgress\" is not an engine dbdock offers") 
                && up.err().contains("Did you mean postgres?"), up.err());
        assertTrue(up.err().contains("Nothing was changed."), up.err());
        assertFalse(up.err().contains("Exception"), up.err());
        assertEquals(before, Json.mapper().readTree(cli.run(null, "list", "--json").out()).size());
        assertFalse(Files.exists(other.resolve(".env")));
    }
}
