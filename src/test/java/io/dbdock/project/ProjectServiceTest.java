package io.dbdock.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.InMemoryDocker;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.Settings;
import io.dbdock.probe.ProbeResult;
import io.dbdock.store.InstanceStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * up, down and the env file against an in-memory engine (the integration tests do it with real
 * servers): what is created, what a second up leaves alone, ports that move, init files that run
 * once, and files in the way refused before anything changes.
 */
class ProjectServiceTest {
    @TempDir
    Path dir;
    private DataRoot root;
    private Path project;
    private final InMemoryDocker docker = new InMemoryDocker("postgres:17", "redis:8", "mariadb:11.8");
    private InstanceService instances;
    private ProjectService projects;

    @BeforeEach
    void setUp() throws Exception {
        root = new DataRoot(dir.resolve("data"));
        project = Files.createDirectories(dir.resolve("shop"));
        Files.createDirectories(project.resolve("db"));
        Files.writeString(project.resolve("db/schema.sql"), "create table t (id int);\n");
        instances = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), ""), kind -> new io.dbdock.probe.ReadinessProbe() {
                    @Override
                    public ProbeResult check(Endpoint e) {
                        return answers(e) ? ProbeResult.ready() : ProbeResult.notReady("connection refused");
                    }

                    @Override
                    public boolean answers(Endpoint e) {
                        return docker.containers().stream().anyMatch(c -> c.running && c.spec.port() != null
                                && c.spec.port().hostPort() == e.port());
                    }
                });
        projects = new ProjectService(instances);
    }

    @AfterEach
    void tearDown() {
        instances.close();
    }

    private ProjectFile file(String json) throws Exception {
        Files.writeString(project.resolve("dbdock.json"), json);
        return new ProjectFileReader(EngineCatalog.standard()).read(project);
    }

    private static final String SHOP = """
            {"project": "shop",
             "databases": {
               "main": {"engine": "postgres", "version": "17", "port": 46432, "init": ["db/schema.sql"]},
               "cache": {"engine": "redis", "port": 46379},
               "search": {"engine": "mongo", "optional": true}},
             "env": {"vars": {"DATABASE_URL": "{main.uri}", "DB_PORT": "{main.port}", "REDIS_URL": "{cache.uri}",
                              "MONGO": "{search.uri}"}}}
            """;

    /** An init file fed to psql (see InitScripts: head passes the file's bytes to the client). */
    private static boolean isInitRun(List<String> command) {
        return command.size() == 3 && command.get(2).startsWith("head -c") && command.get(2).contains("ON_ERROR_STOP=1");
    }

    private long initRuns() {
        synchronized (docker) {
            return docker.execs.stream().filter(ProjectServiceTest::isInitRun).count();
        }
    }

    @Test
    void upCreatesTheDatabasesAtOnceRunsInitOnceAndWritesTheEnvFile() throws Exception {
        ProjectFile p = file(SHOP);
        ProjectService.UpResult first = projects.up(p, Set.of(), ProjectService.Progress.NONE);
        assertTrue(first.ok(), first.toString());
        assertEquals(List.of("main", "cache"), first.databases().stream().map(ProjectService.Outcome::database).toList(),
                "the optional one is left out: its image is not here and nobody asked");
        InstanceRecord main = instances.find("shop-main");
        assertEquals(46432, main.port());
        assertEquals("17", main.version());
        assertEquals("main", main.project().database());
        assertEquals(project.toString(), main.project().folder());
        assertEquals(1, initRuns(), "schema.sql ran once");
        String env = Files.readString(project.resolve(".env"));
        assertTrue(env.contains("DB_PORT=46432\n"), env);
        assertTrue(env.contains("DATABASE_URL=" + instances.connection(main).uri() + "\n"), env);
        assertFalse(env.contains("MONGO="), env);
        assertTrue(first.notes().stream().anyMatch(n -> n.contains("MONGO is left out") && n.contains("--with search")), first.notes().toString());

        int creates = docker.creates.get();
        ProjectService.UpResult second = projects.up(p, Set.of(), ProjectService.Progress.NONE);
        assertTrue(second.ok());
        assertTrue(second.databases().stream().allMatch(o -> o.action() == ProjectService.Action.ALREADY_UP), second.toString());
        assertFalse(second.envChanged(), "the env file is left as it was");
        assertEquals(creates, docker.creates.get(), "nothing new was created");
        assertEquals(1, initRuns(), "and no init file ran again");
        assertEquals(46432, instances.find("shop-main").port());
    }

    @Test
    void aPreferredPortThatIsTakenMovesAndTheEnvFileSaysTheRealOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(46432, 1, InetAddress.getByName("127.0.0.1"))) {
            ProjectService.UpResult r = projects.up(file(SHOP), Set.of(), ProjectService.Progress.NONE);
            assertTrue(r.ok(), r.toString());
            int port = instances.find("shop-main").port();
            assertNotEquals(46432, port);
            assertTrue(port > 46432 && port < 46442, "the next free one: " + port);
            assertTrue(Files.readString(project.resolve(".env")).contains("DB_PORT=" + port + "\n"));
        }
        ProjectService.UpResult again = projects.up(file(SHOP), Set.of(), ProjectService.Progress.NONE);
        assertNotEquals(46432, again.databases().get(0).snapshot().record().port(), "kept once chosen, though 46432 is free now");
    }

    @Test
    void aStrictPortThatIsTakenIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(46432, 1, InetAddress.getByName("127.0.0.1"))) {
            ProjectFile p = file(SHOP.replace("\"port\": 46432,", "\"port\": 46432, \"strict\": true,"));
            UserFacingException e = assertThrows(UserFacingException.class, () -> projects.up(p, Set.of(), ProjectService.Progress.NONE));
            assertEquals(Problem.CONFLICT, e.problem());
            assertTrue(e.getMessage().contains("databases.main: port 46432 is not free"), e.getMessage());
            assertTrue(instances.snapshots().isEmpty(), "nothing was created, not even the cache");
            assertFalse(Files.exists(project.resolve(".env")));
        }
    }

    @Test
    void anInstanceOfTheSameNameThatIsNotTheProjectsIsNeverTakenOver() throws Exception {
        instances.create(CreateRequest.of("redis").withName("shop-cache").withPort(46500), s -> { });
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> projects.up(file(SHOP), Set.of(), ProjectService.Progress.NONE));
        assertTrue(e.getMessage().contains("an instance named 'shop-cache' exists and is not this project's"), e.getMessage());
        assertEquals(1, instances.snapshots().size(), "the postgres was not created either");
        assertNull(instances.find("shop-cache").project());
    }

    @Test
    void withNamesAnOptionalDatabaseAndAnUnknownNameIsRefused() throws Exception {
        ProjectFile p = file(SHOP);
        UserFacingException e = assertThrows(UserFacingException.class, () -> projects.up(p, Set.of("serach"), ProjectService.Progress.NONE));
        assertTrue(e.getMessage().contains("--with serach: dbdock.json has no database \"serach\" (it has: main, cache, search)"), e.getMessage());
        assertTrue(instances.snapshots().isEmpty());
    }

    @Test
    void aFailingInitFileLeavesTheInstanceMarkedAndUpFails() throws Exception {
        Files.writeString(project.resolve("db/seed.sql"), "insert into t values (1);\nFOO;\n");
        docker.execAnswer = (c, cmd) -> isInitRun(cmd)
                ? new DockerGateway.ExecResult(3, List.of("psql:<stdin>:2: ERROR:  syntax error at or near \"FOO\"", "LINE 1: FOO;"))
                : new DockerGateway.ExecResult(0, List.of());
        ProjectFile p = file(SHOP.replace("[\"db/schema.sql\"]", "[\"db/seed.sql\", \"db/schema.sql\"]"));
        ProjectService.UpResult r = projects.up(p, Set.of(), ProjectService.Progress.NONE);
        assertFalse(r.ok());
        ProjectService.Outcome main = r.databases().get(0);
        assertEquals("db/seed.sql line 2: ERROR: syntax error at or near \"FOO\"", main.initProblem());
        assertEquals(InstanceState.READY, main.snapshot().state(), "the instance stays, Ready");
        assertEquals(main.initProblem(), instances.find("shop-main").project().initProblem(), "and remembers why");
        assertEquals(1, initRuns(), "the files after the failing one do not run");
        assertFalse(projects.up(p, Set.of(), ProjectService.Progress.NONE).ok(), "the next up still says so");
    }

    @Test
    void downStopsDownDeleteKeepsTheDataAndTheNextUpTakesItBackWithoutInit() throws Exception {
        ProjectFile p = file(SHOP);
        projects.up(p, Set.of(), ProjectService.Progress.NONE);
        List<String> stopped = projects.down(p, false, false);
        assertEquals(List.of("Stopped shop-main.", "Stopped shop-cache."), stopped);
        assertTrue(projects.members(p).values().stream().noneMatch(s -> s.state().isRunning()));
        ProjectService.UpResult restarted = projects.up(p, Set.of(), ProjectService.Progress.NONE);
        assertTrue(restarted.databases().stream().allMatch(o -> o.action() == ProjectService.Action.STARTED), restarted.toString());

        List<String> deleted = projects.down(p, true, false);
        assertTrue(deleted.get(0).startsWith("Deleted shop-main; its data is kept at "), deleted.toString());
        assertTrue(instances.snapshots().isEmpty());
        ProjectService.UpResult back = projects.up(p, Set.of(), ProjectService.Progress.NONE);
        assertTrue(back.ok(), back.toString());
        assertTrue(back.databases().stream().allMatch(o -> o.action() == ProjectService.Action.TOOK_BACK_DATA), back.toString());
        assertEquals(1, initRuns(), "init ran at the first creation only");
        assertEquals("main", instances.find("shop-main").project().database(), "the instance is the project's again");
    }

    @Test
    void aDatabaseWhoseEngineChangedInTheFileIsRefusedNamingBoth() throws Exception {
        projects.up(file(SHOP), Set.of(), ProjectService.Progress.NONE);
        ProjectFile changed = file(SHOP.replace("\"engine\": \"redis\", \"port\": 46379", "\"engine\": \"mariadb\", \"port\": 46379"));
        UserFacingException e = assertThrows(UserFacingException.class, () -> projects.up(changed, Set.of(), ProjectService.Progress.NONE));
        assertTrue(e.getMessage().contains("its instance 'shop-cache' is redis 8, the file asks for mariadb"), e.getMessage());
    }

    @Test
    void aMongoInitFileIsCopiedInAndLoadedByTheLoggedInShell() throws Exception {
        InMemoryDocker withMongo = new InMemoryDocker("mongo:8.0");
        InstanceService mongoInstances = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(),
                withMongo, root, new ImageResolver(Map.of(), ""), kind -> new io.dbdock.probe.ReadinessProbe() {
                    @Override
                    public ProbeResult check(Endpoint e) {
                        return ProbeResult.ready();
                    }

                    @Override
                    public boolean answers(Endpoint e) {
                        return true;
                    }
                });
        Files.writeString(project.resolve("db/seed.js"), "db.items.insertOne({name: 'first'});\n");
        ProjectFile p = file("{\"project\": \"docs\", \"databases\": {\"db\": {\"engine\": \"mongo\", \"init\": [\"db/seed.js\"]}}}");
        try {
            ProjectService.UpResult r = new ProjectService(mongoInstances).up(p, Set.of(), ProjectService.Progress.NONE);
            assertTrue(r.ok(), r.toString());
            InMemoryDocker.Container c = withMongo.containers().get(0);
            assertEquals("db.items.insertOne({name: 'first'});\n", c.files.get("/tmp/dbdock-init-seed.js"), "the file went in as it is");
            List<String> load;
            synchronized (withMongo) {
                load = withMongo.execs.stream().filter(cmd -> String.join(" ", cmd).contains("load(")).findFirst().orElseThrow();
            }
            assertEquals("mongosh", load.get(0));
            assertTrue(load.get(load.size() - 1).contains("db.auth(") && load.get(load.size() - 1).endsWith("load(\"/tmp/dbdock-init-seed.js\");"),
                    "logged in first, from the password file: " + load);
        } finally {
            mongoInstances.close();
        }
    }
}
