package io.dbdock.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineCatalog;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a dbdock.json may say, and the one line per problem a file that says something else gets. */
class ProjectFileReaderTest {
    @TempDir
    Path dir;
    private Path folder;
    private final ProjectFileReader reader = new ProjectFileReader(EngineCatalog.standard());

    @BeforeEach
    void setUp() throws Exception {
        folder = Files.createDirectories(dir.resolve("My Shop"));
        Files.createDirectories(folder.resolve("db"));
        Files.writeString(folder.resolve("db/schema.sql"), "create table t (id int);\n");
        Files.writeString(folder.resolve("db/seed.sql"), "insert into t values (1);\n");
    }

    private ProjectFile read(String json) throws Exception {
        Files.writeString(folder.resolve("dbdock.json"), json);
        return reader.read(folder);
    }

    @Test
    void theIssuesExampleReadsWithItsVersionsResolvedInTodaysCatalog() throws Exception {
        ProjectFile p = read("""
                {
                  "$schema": "https://dbdock.io/dbdock.schema.json",
                  "project": "shop",
                  "databases": {
                    "main":  { "engine": "postgres", "version": "17", "port": 5432, "init": ["db/schema.sql", "db/seed.sql"] },
                    "cache": { "engine": "redis", "version": "8.x", "storage": "volume" },
                    "search": { "engine": "mongo", "optional": true }
                  },
                  "env": { "file": ".env", "vars": { "DATABASE_URL": "{main.uri}", "REDIS_URL": "{cache.uri}", "DB_PORT": "{main.port}" } }
                }
                """);
        assertEquals("shop", p.project());
        assertEquals(List.of("main", "cache", "search"), p.databases().stream().map(ProjectFile.Database::key).toList());
        ProjectFile.Database main = p.database("main").orElseThrow();
        assertEquals("17", main.version().version());
        assertEquals(5432, main.port());
        assertEquals(List.of("db/schema.sql", "db/seed.sql"), main.init().stream().map(ProjectFile.InitFile::written).toList());
        assertEquals(folder.resolve("db/seed.sql"), main.init().get(1).path());
        assertEquals("shop-main", main.instanceName(p.project()));
        assertEquals("8", p.database("cache").orElseThrow().version().version(), "8.x is redis 8");
        assertEquals(StorageKind.VOLUME, p.database("cache").orElseThrow().storage());
        assertTrue(p.database("search").orElseThrow().optional());
        assertEquals("8.0", p.database("search").orElseThrow().version().version(), "no version: the engine's default");
        assertEquals(List.of("DATABASE_URL", "REDIS_URL", "DB_PORT"), List.copyOf(p.env().vars().keySet()));
    }

    @Test
    void withoutAProjectNameOrEnvTheFolderNamesItAndEachDatabaseGetsAUrl() throws Exception {
        ProjectFile p = read("{\"databases\": {\"main\": {\"engine\": \"mysql\", \"version\": \"8\"}, \"cache-2\": {\"engine\": \"redis\"}}}");
        assertEquals("my-shop", p.project());
        assertEquals("8.4", p.database("main").orElseThrow().version().version(), "a major: its newest version");
        assertEquals(".env", p.env().file());
        assertEquals("{main.uri}", p.env().vars().get("MAIN_URL"));
        assertEquals("{cache-2.uri}", p.env().vars().get("CACHE_2_URL"));
        assertNull(p.database("main").orElseThrow().port());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | {"databases": {"main": {"engine": "postgres",}}}          | not valid JSON at line 1
            not an object            | ["postgres"]                                              | should hold a JSON object
            unknown top-level key    | {"databses": {}, "databases": {"a": {"engine": "redis"}}} | databses: is not a setting dbdock knows
            no databases             | {"project": "shop"}                                       | databases: is missing
            empty databases          | {"databases": {}}                                         | databases: should be an object with at least one database
            invalid project name     | {"project": "my shop!", "databases": {"a": {"engine": "redis"}}} | project: "my shop!" is not a valid name
            project not text         | {"project": 7, "databases": {"a": {"engine": "redis"}}}   | project: should be text
            invalid database name    | {"databases": {"a b": {"engine": "redis"}}}               | databases.a b: "a b" is not a valid database name
            unknown database key     | {"databases": {"a": {"engine": "redis", "prot": 1}}}      | databases.a.prot: is not a setting dbdock knows
            missing engine           | {"databases": {"a": {"version": "17"}}}                   | databases.a.engine: is missing
            unknown engine           | {"databases": {"a": {"engine": "postgress"}}}             | databases.a.engine: "postgress" is not an engine dbdock offers
            version as a number      | {"databases": {"a": {"engine": "postgres", "version": 17}}} | databases.a.version: should be text, such as "18"
            unknown version          | {"databases": {"a": {"engine": "postgres", "version": "13"}}} | databases.a.version: "13" matches no postgres version
            wildcard matching none   | {"databases": {"a": {"engine": "redis", "version": "9.x"}}} | databases.a.version: "9.x" matches no redis version
            port as text             | {"databases": {"a": {"engine": "redis", "port": "6379"}}} | databases.a.port: should be a whole number
            port out of range        | {"databases": {"a": {"engine": "redis", "port": 80}}}     | databases.a.port: Port 80 is reserved
            strict without port      | {"databases": {"a": {"engine": "redis", "strict": true}}} | databases.a.strict: needs a "port"
            two strict on one port   | {"databases": {"a": {"engine": "redis", "port": 6390, "strict": true}, "b": {"engine": "redis", "port": 6390, "strict": true}}} | databases.b.port: port 6390 is also the strict port of "a"
            missing init file        | {"databases": {"a": {"engine": "postgres", "init": ["db/nope.sql"]}}} | databases.a.init[0]: there is no file db/nope.sql
            init of the wrong kind   | {"databases": {"a": {"engine": "mongo", "init": ["db/seed.sql"]}}} | databases.a.init[0]: MongoDB runs a .js file as an init file
            init absolute            | {"databases": {"a": {"engine": "postgres", "init": ["/etc/passwd"]}}} | databases.a.init[0]: "/etc/passwd" should be relative
            init not a list          | {"databases": {"a": {"engine": "postgres", "init": "db/seed.sql"}}} | databases.a.init: should be a list of files
            unknown storage          | {"databases": {"a": {"engine": "redis", "storage": "cloud"}}} | databases.a.storage: "cloud" is not a storage kind
            optional as text         | {"databases": {"a": {"engine": "redis", "optional": "yes"}}} | databases.a.optional: should be true or false
            bind not an address      | {"databases": {"a": {"engine": "redis", "bind": "example.com"}}} | databases.a.bind: The bind address 'example.com' is not an IP address
            env var names no database | {"databases": {"a": {"engine": "redis"}}, "env": {"vars": {"URL": "{b.uri}"}}} | env.vars.URL: "{b.uri}" names no database of this file
            env var unknown field    | {"databases": {"a": {"engine": "redis"}}, "env": {"vars": {"URL": "{a.url}"}}} | env.vars.URL: "{a.url}": a database has no field "url"
            jdbc of redis            | {"databases": {"a": {"engine": "redis"}}, "env": {"vars": {"URL": "{a.jdbc}"}}} | env.vars.URL: "{a.jdbc}": this engine has no JDBC driver
            env file outside         | {"databases": {"a": {"engine": "redis"}}, "env": {"file": "../.env"}} | env.file: "../.env" should be inside the project's folder
            env var name invalid     | {"databases": {"a": {"engine": "redis"}}, "env": {"vars": {"1URL": "{a.uri}"}}} | env.vars.1URL: "1URL" is not a variable name
            key given twice          | {"databases": {"a": {"engine": "redis"}}, "databases": {}} | Duplicate field 'databases'
            extension unknown        | {"databases": {"a": {"engine": "postgres", "extensions": ["pgvectr"]}}} | databases.a.extensions: PostgreSQL has no variant 'pgvectr'. Did you mean pgvector? Choose from: pgvector, postgis, timescaledb.
            extensions not combinable | {"databases": {"a": {"engine": "postgres", "extensions": ["postgis", "pgvector"]}}} | databases.a.extensions: postgis and pgvector cannot be combined
            extensions on redis      | {"databases": {"a": {"engine": "redis", "extensions": ["pgvector"]}}} | databases.a.extensions: Redis has no variants; PostgreSQL (pgvector, postgis, timescaledb) has.
            extensions not a list    | {"databases": {"a": {"engine": "postgres", "extensions": "pgvector"}}} | databases.a.extensions: should be a list of names
            variant lacks the version | {"databases": {"a": {"engine": "postgres", "extensions": ["timescaledb"], "version": "14"}}} | databases.a.version: "14" matches no PostgreSQL + TimescaleDB version dbdock offers (15, 16, 17, 18)
            """)
    void anInvalidFileIsRefusedWithALineNamingTheFileAndTheKey(String what, String json, String expected) {
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> read(json), what);
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("dbdock.json: ") && p.contains(expected)),
                what + ": " + e.problems());
        assertTrue(e.problems().stream().noneMatch(p -> p.contains("Exception")), e.problems().toString());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> read(
                "{\"databases\": {\"a\": {\"engine\": \"redis\", \"port\": 80, \"storage\": \"cloud\"}, \"b\": {\"engine\": \"oracle\"}}}"));
        assertEquals(3, e.problems().size(), e.problems().toString());
    }

    @Test
    void aMissingFileSaysHowToMakeOne() {
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> reader.read(dir));
        assertTrue(e.getMessage().contains("There is no dbdock.json in " + dir) && e.getMessage().contains("dbdock init"), e.getMessage());
    }

    @Test
    void aFolderNameBecomesAValidProjectName() {
        assertEquals("my-shop", ProjectFileReader.fromFolderName("My Shop"));
        assertEquals("project", ProjectFileReader.fromFolderName("!!!"));
        assertEquals("api_v2", ProjectFileReader.fromFolderName("api_v2"));
    }

    @Test
    void extensionsChooseTheVariantWhoseImageHasThem() throws Exception {
        ProjectFile p = read("{\"databases\": {\"ts\": {\"engine\": \"postgres\", \"extensions\": [\"pgvector\", \"timescaledb\"], \"version\": \"17\"},"
                + " \"plain\": {\"engine\": \"postgres\", \"extensions\": []}}}");
        ProjectFile.Database ts = p.database("ts").orElseThrow();
        assertEquals("timescaledb+pgvector", ts.engine().variantId());
        assertEquals("latest-pg17", ts.version().tag());
        assertNull(p.database("plain").orElseThrow().engine().variant());
    }
}
