package io.dbdock.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineCatalogTest {
    private static final EngineCatalog CATALOG = EngineCatalog.standard();
    private static final String PASSWORD = "p@ss:w/rd?&%#\"'$ x";
    private static final Credentials CREDS = new Credentials("admin", PASSWORD, "db");

    static Stream<Arguments> everyVersion() {
        return CATALOG.all().stream().flatMap(e -> e.versions().stream().map(v -> Arguments.of(e, v)));
    }

    @Test
    void offersTheMaintainedVersionsOfEveryEngine() {
        assertEquals(List.of("postgres:14", "postgres:15", "postgres:16", "postgres:17", "postgres:18",
                "mysql:8.4", "mysql:9", "mariadb:10.11", "mariadb:11.8", "mongo:7.0", "mongo:8.0",
                "redis:7.2", "redis:7.4", "redis:8", "valkey:8", "valkey:9"), CATALOG.versionIds());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void passwordNeverAppearsInEnvOrCommandButInASecretFile(EngineSpec engine, EngineVersion version) {
        ContainerRecipe recipe = engine.recipeFor(version, CREDS);
        recipe.env().forEach((k, v) -> assertFalse(v.contains(PASSWORD), engine.id() + " env " + k + " holds the password"));
        recipe.command().forEach(arg -> assertFalse(arg.contains(PASSWORD), engine.id() + " command holds the password"));
        assertEquals(PASSWORD, recipe.secretFiles().get(EngineCatalog.PASSWORD_FILE));
        recipe.secretFiles().keySet().forEach(p -> assertTrue(p.startsWith(EngineCatalog.SECRET_DIR + "/")));
        engine.clientCommand(CREDS).forEach(arg -> assertFalse(arg.contains(PASSWORD), "client command holds the password"));
        // Every secret-bearing variable is the _FILE form and points at a file we copy in.
        recipe.env().entrySet().stream().filter(e -> e.getKey().contains("PASSWORD"))
                .forEach(e -> {
                    assertTrue(e.getKey().endsWith("_FILE"), e.getKey());
                    assertTrue(recipe.secretFiles().containsKey(e.getValue()), e.getValue());
                });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVersion")
    void everyVersionHasPortMountUserAndFormats(EngineSpec engine, EngineVersion version) {
        assertTrue(engine.containerPort() > 0);
        assertTrue(version.dataMount().startsWith("/"));
        assertFalse(engine.defaultUser().isBlank());
        Endpoint endpoint = new Endpoint("127.0.0.1", 40000, CREDS);
        String uri = engine.formats().uri(endpoint);
        assertTrue(uri.contains("@127.0.0.1:40000/"), uri);
        assertFalse(uri.contains(PASSWORD), "the password must be percent-encoded in " + uri);
        assertTrue(uri.contains(ConnectionFormats.encode(PASSWORD)), uri);
        assertFalse(engine.formats().env(endpoint).isEmpty());
        assertFalse(engine.clientCommand(CREDS).isEmpty());
    }

    @Test
    void postgresEighteenMountsTheParentFolderAndOlderOnesTheDataFolder() {
        EngineSpec pg = CATALOG.find("postgres").orElseThrow();
        assertEquals("/var/lib/postgresql", pg.version("18").orElseThrow().dataMount());
        for (String v : List.of("14", "15", "16", "17")) {
            assertEquals("/var/lib/postgresql/data", pg.version(v).orElseThrow().dataMount());
        }
    }

    @Test
    void postgresUsesFileVariablesAndDefaults() {
        EngineSpec pg = CATALOG.find("postgres").orElseThrow();
        ContainerRecipe r = pg.recipeFor(pg.defaultEngineVersion(), new Credentials("postgres", "x", "postgres"));
        assertEquals(Map.of("POSTGRES_USER", "postgres", "POSTGRES_DB", "postgres",
                "POSTGRES_PASSWORD_FILE", EngineCatalog.PASSWORD_FILE), r.env());
        assertTrue(r.command().isEmpty(), "the image's own command runs");
        assertEquals(5432, pg.containerPort());
        assertEquals("postgres", pg.defaultUser());
    }

    @Test
    void mysqlAndMariadbUseTheirOwnVariablePrefix() {
        EngineSpec mysql = CATALOG.find("mysql").orElseThrow();
        EngineSpec mariadb = CATALOG.find("mariadb").orElseThrow();
        assertEquals(EngineCatalog.PASSWORD_FILE, mysql.recipeFor(mysql.defaultEngineVersion(), CREDS).env().get("MYSQL_ROOT_PASSWORD_FILE"));
        assertEquals("db", mysql.recipeFor(mysql.defaultEngineVersion(), CREDS).env().get("MYSQL_DATABASE"));
        assertEquals(EngineCatalog.PASSWORD_FILE, mariadb.recipeFor(mariadb.defaultEngineVersion(), CREDS).env().get("MARIADB_ROOT_PASSWORD_FILE"));
        assertEquals("root", mysql.defaultUser());
        assertEquals("/var/lib/mysql", mysql.defaultEngineVersion().dataMount());
    }

    @Test
    void mysqlJdbcUrlAllowsPublicKeyRetrievalForCachingSha2() {
        EngineSpec mysql = CATALOG.find("mysql").orElseThrow();
        String jdbc = mysql.formats().jdbc(new Endpoint("127.0.0.1", 3306, CREDS)).orElseThrow();
        assertTrue(jdbc.startsWith("jdbc:mysql://127.0.0.1:3306/db?"), jdbc);
        assertTrue(jdbc.contains("allowPublicKeyRetrieval=true"), jdbc);
        assertTrue(jdbc.contains("password=" + ConnectionFormats.encode(PASSWORD)), jdbc);
    }

    @Test
    void mariadbJdbcCarriesThePasswordAsIsOrLeavesItOut() {
        var formats = CATALOG.find("mariadb").orElseThrow().formats();
        assertEquals("jdbc:mariadb://127.0.0.1:3307/app?user=root&password=p@ss:w/rd x",
                formats.jdbc(new Endpoint("127.0.0.1", 3307, new Credentials("root", "p@ss:w/rd x", "app"))).orElseThrow());
        // Connector/J cannot carry '&' in a URL value: the password is then given as a property.
        assertEquals("jdbc:mariadb://127.0.0.1:3307/db?user=admin",
                formats.jdbc(new Endpoint("127.0.0.1", 3307, CREDS)).orElseThrow());
    }

    @Test
    void mongoReadsThePasswordFromAFileAndHasNoJdbc() {
        EngineSpec mongo = CATALOG.find("mongo").orElseThrow();
        ContainerRecipe r = mongo.recipeFor(mongo.defaultEngineVersion(), CREDS);
        assertEquals("admin", r.env().get("MONGO_INITDB_ROOT_USERNAME"));
        assertEquals(EngineCatalog.PASSWORD_FILE, r.env().get("MONGO_INITDB_ROOT_PASSWORD_FILE"));
        assertTrue(mongo.formats().jdbc(new Endpoint("h", 1, CREDS)).isEmpty());
        assertTrue(mongo.formats().uri(new Endpoint("h", 1, CREDS)).endsWith("/db?authSource=admin"));
    }

    @Test
    void onlyRedis72SwitchesToValkeyAndTheSnapshotFormatDecidesWhatCrosses() {
        EngineSwitch change = CATALOG.switchFrom("redis").orElseThrow();
        assertEquals("valkey", change.to());
        assertTrue(change.allows("7.2"));
        assertFalse(change.allows("7.4"));
        assertFalse(change.allows("8"));
        assertEquals(change, CATALOG.switchTo("valkey").orElseThrow());
        assertTrue(CATALOG.switchFrom("valkey").isEmpty(), "no way back except a rollback");
        assertTrue(CATALOG.switchFrom("postgres").isEmpty());
        assertEquals(Optional.of(11), EngineCatalog.rdbVersion("REDIS0011\u00fa".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.empty(), EngineCatalog.rdbVersion("PGDMP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertTrue(change.dumpProblem().apply("REDIS0010".getBytes()).isEmpty(), "Redis 7.0's format");
        assertTrue(change.dumpProblem().apply("REDIS0011".getBytes()).isEmpty(), "Redis 7.2's format");
        assertTrue(change.dumpProblem().apply("REDIS0012".getBytes()).orElseThrow().contains("format 12"), "Redis 7.4's format");
        assertTrue(change.dumpProblem().apply("REDIS0080".getBytes()).isEmpty(), "Valkey's own numbering");
    }

    @Test
    void redisGetsItsPasswordThroughAConfigFile() {
        EngineSpec redis = CATALOG.find("redis").orElseThrow();
        ContainerRecipe r = redis.recipeFor(redis.defaultEngineVersion(), CREDS);
        assertTrue(r.env().isEmpty());
        assertEquals(List.of("redis-server", "/run/dbdock/redis.conf"), r.command());
        String conf = r.secretFiles().get("/run/dbdock/redis.conf");
        assertTrue(conf.contains("requirepass \"p@ss:w/rd?&%#\\\"'$ x\""), conf);
        assertTrue(conf.contains("dir /data"));
    }

    @Test
    void ipv6HostsAreBracketedInUris() {
        EngineSpec pg = CATALOG.find("postgres").orElseThrow();
        assertTrue(pg.formats().uri(new Endpoint("::1", 5432, CREDS)).contains("@[::1]:5432/"));
    }

    @Test
    void envLinesQuoteValuesThatNeedIt() {
        assertEquals("A=plain-value_1", EngineCatalog.envLine("A", "plain-value_1"));
        assertEquals("A=\"has space \\\"q\\\" \\$HOME\"", EngineCatalog.envLine("A", "has space \"q\" $HOME"));
    }

    /** What a shell gives back for an env line: `. ./file.env` must neither run nor cut any part of the value. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"`touch pwned`", "$(touch pwned)", "a\\b\\\\c", "q\"uo't",
            "$HOME ${X:-y} $1", "tab\there", "ünï ☃", "!hist #hash ;semi &|pipe <in >out", "back\\`tick"})
    void envLinesAreReadBackExactlyByAShell(String value, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("app.env");
        java.nio.file.Files.writeString(file, EngineCatalog.envLine("A", value) + "\n");
        Process sh = new ProcessBuilder("sh", "-c", ". ./app.env && printf %s \"$A\"").directory(dir.toFile()).start();
        String read = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, sh.waitFor(), new String(sh.getErrorStream().readAllBytes()));
        assertEquals(value, read);
        assertFalse(java.nio.file.Files.exists(dir.resolve("pwned")), "sourcing the env file ran a command");
    }

    /** What MySQL's image and server take: no ' or \\, at most 256 bytes (not characters); the other engines take all of it. */
    @Test
    void mysqlRefusesOnlyThePasswordsItsImageOrServerBreaksOn() {
        EngineSpec mysql = CATALOG.find("mysql").orElseThrow();
        assertEquals(null, mysql.imagePasswordProblem("a\"b $(x) `y` #z ünï"));
        assertTrue(mysql.imagePasswordProblem("it's").contains("' or \\"));
        assertTrue(mysql.imagePasswordProblem("back\\slash").contains("' or \\"));
        assertEquals(null, mysql.imagePasswordProblem("x".repeat(256)));
        assertTrue(mysql.imagePasswordProblem("x".repeat(257)).contains("at most 256 bytes; this one has 257"));
        assertTrue(mysql.imagePasswordProblem("密".repeat(86)).contains("has 258"), "UTF-8 bytes count, not characters");
        for (String other : List.of("postgres", "mariadb", "mongo", "redis")) {
            assertEquals(null, CATALOG.find(other).orElseThrow().imagePasswordProblem("it's a \\ and " + "x".repeat(1000)), other);
        }
    }

    @Test
    void percentEncodingKeepsUnreservedCharacters() {
        assertEquals("a-b_c.d~e", ConnectionFormats.encode("a-b_c.d~e"));
        assertEquals("p%40ss%3Aw%2Frd%20x", ConnectionFormats.encode("p@ss:w/rd x"));
    }

    @Test
    void imageResolverAppliesPrefixAndPerEngineOverrides() {
        EngineSpec pg = CATALOG.find("postgres").orElseThrow();
        EngineSpec redis = CATALOG.find("redis").orElseThrow();
        assertEquals("postgres:17", new ImageResolver(Map.of(), null).image(pg, pg.version("17").orElseThrow()));
        assertEquals("dbdock-test/postgres:17", new ImageResolver(Map.of(), "dbdock-test/").image(pg, pg.version("17").orElseThrow()));
        ImageResolver mirror = new ImageResolver(Map.of("redis", "mirror.local/redis"), "dbdock-test/");
        assertEquals("mirror.local/redis:8", mirror.image(redis, redis.version("8").orElseThrow()));
        assertEquals("dbdock-test/postgres:18", mirror.image(pg, pg.version("18").orElseThrow()));
    }

    @Test
    void enginesAreFoundCaseInsensitively() {
        assertTrue(CATALOG.find("PostGres").isPresent());
        assertTrue(CATALOG.find("oracle").isEmpty());
    }

    /** Tags as each project publishes them (its README's tag list); TimescaleDB builds for PostgreSQL 15 to 18 only. */
    @Test
    void postgresVariantsUseTheirProjectsImagesForTheVersionsTheyPublish() {
        EngineSpec postgres = CATALOG.find("postgres").orElseThrow();
        assertEquals(List.of("pgvector", "postgis", "timescaledb"), postgres.variantChoices());
        Map<String, List<String>> images = new java.util.LinkedHashMap<>();
        for (EngineSpec e : postgres.variantSpecs()) {
            images.put(e.variantId(), e.versions().stream().map(x -> e.repository() + ":" + x.tag()).toList());
        }
        assertEquals(Map.of(
                "pgvector", List.of("pgvector/pgvector:pg14", "pgvector/pgvector:pg15", "pgvector/pgvector:pg16", "pgvector/pgvector:pg17",
                        "pgvector/pgvector:pg18"),
                "postgis", List.of("postgis/postgis:14-3.5", "postgis/postgis:15-3.5", "postgis/postgis:16-3.5", "postgis/postgis:17-3.5",
                        "postgis/postgis:18-3.6"),
                "timescaledb", List.of("timescale/timescaledb:latest-pg15", "timescale/timescaledb:latest-pg16",
                        "timescale/timescaledb:latest-pg17", "timescale/timescaledb:latest-pg18"),
                "timescaledb+pgvector", List.of("timescale/timescaledb:latest-pg15", "timescale/timescaledb:latest-pg16",
                        "timescale/timescaledb:latest-pg17", "timescale/timescaledb:latest-pg18")), images);
        EngineSpec vector = CATALOG.find("postgres", "pgvector").orElseThrow();
        assertEquals("18", vector.defaultVersion());
        assertEquals("/var/lib/postgresql", vector.version("18").orElseThrow().dataMount(), "the base engine's data layout per version");
        assertEquals(postgres.version("17").orElseThrow().dataMount(), vector.version("17").orElseThrow().dataMount());
        assertEquals("PostgreSQL with pgvector", vector.fullName());
        assertEquals("PostgreSQL + pgvector", CATALOG.findWritten("postgres+pgvector").orElseThrow().shortName());
        assertEquals("postgres", vector.id(), "labels, probes and dumps stay PostgreSQL's");
        assertTrue(vector.variants().isEmpty());
    }

    @Test
    void aSetOfChosenExtensionsLeadsToAtMostOneVariant() {
        EngineSpec postgres = CATALOG.find("postgres").orElseThrow();
        assertEquals("timescaledb+pgvector", postgres.variantFor(List.of("pgvector", "timescaledb")).orElseThrow().id());
        assertEquals("postgis", postgres.variantFor(List.of("PostGIS")).orElseThrow().id());
        assertTrue(postgres.variantFor(List.of("pgvector", "postgis")).isEmpty(), "no image has both");
        assertTrue(CATALOG.find("redis").orElseThrow().variants().isEmpty());
        assertTrue(CATALOG.find("postgres", "nope").isEmpty());
    }

    @Test
    void theImageResolverReplacesAVariantsRepositoryUnderItsOwnKey() {
        ImageResolver resolver = new ImageResolver(Map.of("postgres", "mirror/pg", "postgres+postgis", "mirror/gis"), "");
        EngineSpec postgres = CATALOG.find("postgres").orElseThrow();
        EngineSpec gis = CATALOG.find("postgres", "postgis").orElseThrow();
        EngineSpec vector = CATALOG.find("postgres", "pgvector").orElseThrow();
        assertEquals("mirror/pg:17", resolver.image(postgres, postgres.version("17").orElseThrow()));
        assertEquals("mirror/gis:17-3.5", resolver.image(gis, gis.version("17").orElseThrow()));
        assertEquals("pgvector/pgvector:pg17", resolver.image(vector, vector.version("17").orElseThrow()), "not the plain engine's mirror");
        assertEquals("dbdock-test/pgvector/pgvector:pg18",
                new ImageResolver(Map.of(), "dbdock-test/").image(vector, vector.version("18").orElseThrow()));
    }
}
