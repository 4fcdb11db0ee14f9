package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.InMemoryDocker;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.probe.ProbeResult;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance core against an in-memory engine: create, lifecycle, delete, settings changes and
 * recovery, without Docker. Readiness is a stand-in probe that answers for any running container
 * publishing the endpoint's port (the integration tests log in for real).
 */
class InstanceServiceTest {
    @TempDir
    Path dir;
    private DataRoot root;
    private final InMemoryDocker docker = new InMemoryDocker("postgres:18", "redis:8", "mariadb:11.8", "mysql:8.4");
    private InstanceService service;
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private final List<UUID> removed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        root = new DataRoot(dir);
        service = newService();
        service.addListener(hearing(notices, removed));
    }

    /** A listener that writes down the notices and the removals it hears. */
    private static InstanceListener hearing(List<String> notices, List<UUID> removed) {
        return new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot snapshot) {
            }

            @Override
            public void instanceRemoved(UUID id) {
                removed.add(id);
            }

            @Override
            public void notice(String text) {
                notices.add(text);
            }
        };
    }

    /** A latch that opens once the service publishes the state. */
    private static java.util.concurrent.CountDownLatch reaching(InstanceService service, InstanceState state) {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        service.addListener(new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot snapshot) {
                if (snapshot.state() == state) {
                    latch.countDown();
                }
            }

            @Override
            public void instanceRemoved(UUID id) {
            }

            @Override
            public void notice(String text) {
            }
        });
        return latch;
    }

    /** Another dbdock on the same data root and engine (the next process after a crash). */
    private InstanceService newService() {
        return new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), ""), kind -> new io.dbdock.probe.ReadinessProbe() {
                    @Override
                    public ProbeResult check(Endpoint e) {
                        logins.incrementAndGet();
                        return probe(e);
                    }

                    @Override
                    public boolean answers(Endpoint e) {
                        knocks.incrementAndGet();
                        return runningOn(e.port());
                    }
                });
    }

    /** Logins (the readiness probe) and knocks (answers without a login) the core made. */
    private final java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger knocks = new java.util.concurrent.atomic.AtomicInteger();

    private boolean runningOn(int port) {
        return docker.containers().stream().anyMatch(c -> c.running && c.spec.port() != null && c.spec.port().hostPort() == port);
    }

    /** Set: the stand-in server refuses the stored password (credentials drift). */
    private volatile boolean refuseLogins;

    private ProbeResult probe(Endpoint e) {
        if (refuseLogins) {
            return ProbeResult.authFailed("password authentication failed for user \"postgres\"");
        }
        return runningOn(e.port()) ? ProbeResult.ready() : ProbeResult.notReady("connection refused");
    }

    private InstanceSnapshot create(CreateRequest request) {
        return service.create(request, s -> { }).snapshot();
    }

    private InMemoryDocker.Container containerOf(InstanceRecord r) {
        return docker.container(r.containerName()).orElseThrow(() -> new AssertionError("no container for " + r.name()));
    }

    @Test
    void createMakesTheHomeThePasswordTheContainerAndIsReady() throws Exception {
        InstanceSnapshot s = create(CreateRequest.of("postgres").withName("shop"));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        InstanceRecord r = service.find("shop");
        String password = service.password(r);
        assertEquals(32, password.length(), "a generated password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(r.home(), "password"))));
        InMemoryDocker.Container c = containerOf(r);
        assertTrue(c.running);
        assertEquals(password, c.files.get("/run/dbdock/password"), "the password goes in as a file");
        assertFalse(c.spec.env().containsValue(password), "and never as a variable");
        assertEquals("127.0.0.1", c.spec.port().hostIp());
        assertEquals(r.port(), c.spec.port().hostPort());
        assertEquals(r.id().toString(), c.spec.labels().get("io.dbdock.instance"));
        assertEquals(List.of(r), new InstanceStore(root).load());
    }

    @Test
    void aCreateWhosePortAnotherProgramHoldsIsUndoneCompletely() {
        docker.otherPrograms.add(45432);
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> create(CreateRequest.of("postgres").withName("late").withPort(45432)));
        assertEquals(Problem.CONFLICT, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains("45432"), e.getMessage());
        assertEquals(List.of(), new InstanceStore(root).load(), "no record is left");
        assertEquals(List.of(), docker.containers(), "no container is left");
        assertFalse(Files.exists(root.instancesDir().resolve("late")), "no folder is left");
        assertEquals(1, removed.size(), "the window is told the half-made instance is gone");
    }

    @Test
    void upgradeTargetsAreNewerVersionsAndValkeyOnlyFromRedis72AndAWrongSwitchChangesNothing() {
        InstanceRecord old = create(CreateRequest.of("redis").withName("old").withVersion("7.2")).record();
        assertEquals(List.of("7.4", "8", "valkey:8", "valkey:9"),
                service.upgradeTargets(old).stream().map(InstanceService.UpgradeTarget::target).toList());
        assertEquals("Valkey 9", service.upgradeTargets(old).get(3).label());
        InstanceRecord newer = create(CreateRequest.of("redis").withName("newer").withVersion("7.4")).record();
        assertEquals(List.of("8"), service.upgradeTargets(newer).stream().map(InstanceService.UpgradeTarget::target).toList());
        InstanceRecord pg = create(CreateRequest.of("postgres").withName("pg").withVersion("18")).record();
        assertEquals(List.of(), service.upgradeTargets(pg));

        UserFacingException refused = assertThrows(UserFacingException.class, () -> service.upgrade("newer", "valkey", null));
        assertTrue(refused.getMessage().startsWith("'newer' runs Redis 7.4, which cannot switch to Valkey. Redis 7.4 and 8 keep"),
                refused.getMessage());
        assertTrue(assertThrows(UserFacingException.class, () -> service.upgrade("pg", "valkey:9", null)).getMessage()
                .startsWith("PostgreSQL cannot switch to Valkey"));
        assertTrue(assertThrows(UserFacingException.class, () -> service.upgrade("old", "valkey:7", null)).getMessage()
                .startsWith("Valkey has no version '7' here. Available: 8, 9."));
        assertEquals(newer, service.find("newer"), "a refused switch changes nothing");
        assertTrue(service.backups("newer").isEmpty(), "not even a backup was taken");
    }

    @Test
    void anAutomaticPortThatTurnsOutTakenIsReplacedByTheNextFreeOne() {
        // Another program holds the port dbdock would choose, but only Docker notices (as when it binds a socket of its own).
        int wouldGet = service.suggestPort("redis", "127.0.0.1");
        docker.otherPrograms.add(wouldGet);
        InstanceSnapshot s = create(CreateRequest.of("redis").withName("cache"));
        assertEquals(InstanceState.READY, s.state());
        assertTrue(s.record().port() != wouldGet, "moved on from " + wouldGet + " to " + s.record().port());
    }

    @Test
    void stopStartAndDeleteKeepingTheDataThenTakingItBack() throws Exception {
        create(CreateRequest.of("redis").withName("cache").withStorage(StorageKind.FOLDER));
        InstanceRecord r = service.find("cache");
        assertEquals(InstanceState.STOPPED, service.stop("cache").state());
        assertFalse(containerOf(r).running);
        assertEquals(InstanceState.READY, service.start("cache", true).state());

        Files.writeString(Path.of(r.storageLocation(), "appendonly.aof"), "kept");
        assertEquals(r.storageLocation(), service.delete("cache", false).orElseThrow());
        assertTrue(docker.container(r.containerName()).isEmpty(), "the container goes");
        assertTrue(Files.isRegularFile(Path.of(r.storageLocation(), "appendonly.aof")), "the data stays");

        InstanceService.Created again = service.create(CreateRequest.of("redis").withName("cache").withStorage(StorageKind.FOLDER), s -> { });
        assertEquals(InstanceState.READY, again.snapshot().state());
        assertTrue(again.notes().get(0).startsWith("Reused the data kept"), again.notes().toString());
        assertEquals(service.password(r), service.password(again.snapshot().record()), "with its password");
    }

    @Test
    void deleteWithDataRemovesTheVolumeAndTheFolder() {
        create(CreateRequest.of("postgres").withName("vol").withStorage(StorageKind.VOLUME));
        InstanceRecord r = service.find("vol");
        assertTrue(docker.volumeNames().contains(r.storageLocation()));
        assertTrue(service.delete("vol", true).isEmpty());
        assertFalse(docker.volumeNames().contains(r.storageLocation()));
        assertFalse(Files.exists(Path.of(r.home())));
        assertEquals(List.of(), new InstanceStore(root).load());
    }

    @Test
    void aForeignContainerWithTheInstancesNameIsNeverStartedStoppedOrRemoved() {
        create(CreateRequest.of("redis").withName("mine"));
        InstanceRecord r = service.find("mine");
        docker.remove(r.containerName());
        InMemoryDocker.Container foreign = docker.addForeign(r.containerName(), true);
        UserFacingException e = assertThrows(UserFacingException.class, () -> service.start("mine", false));
        assertEquals(Problem.CONFLICT, e.problem(), e.getMessage());
        service.delete("mine", true);
        assertTrue(docker.container(foreign.id).isPresent() && foreign.running, "the other tool's container is untouched");
    }

    @Test
    void aSettingsChangeIsOneOperationThatRecreatesTheContainerOnce() {
        create(CreateRequest.of("postgres").withName("app"));
        InstanceRecord before = service.find("app");
        int creates = docker.creates.get();
        int port = service.suggestPort("postgres", "0.0.0.0");
        InstanceSnapshot s = service.change("app", InstanceChanges.none().withName("app-2").withAutoStart(true)
                .withBindAddress("0.0.0.0").withPort(port), true);
        assertEquals(InstanceState.READY, s.state(), s.detail());
        assertEquals(creates + 1, docker.creates.get(), "recreated once for address and port together");
        InstanceRecord after = service.find("app-2");
        assertEquals(before.id(), after.id());
        assertEquals(port, after.port());
        assertEquals("0.0.0.0", after.bindAddress());
        assertTrue(after.autoStart());
        assertEquals(before.storageLocation(), after.storageLocation(), "on the same data");
        assertEquals("0.0.0.0", containerOf(after).spec.port().hostIp());

        int now = docker.creates.get();
        service.change("app-2", InstanceChanges.none().withName("app-3").withAutoStart(false), false);
        assertEquals(now, docker.creates.get(), "a name or start-with-dbdock change leaves the container alone");
        assertEquals("app-3", service.find("app-3").name());
    }

    @Test
    void aRefusedSettingsChangeChangesNothing() {
        create(CreateRequest.of("redis").withName("one"));
        create(CreateRequest.of("redis").withName("two"));
        InstanceRecord one = service.find("one");
        int taken = service.find("two").port();
        int creates = docker.creates.get();
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> service.change("one", InstanceChanges.none().withName("renamed").withPort(taken), true));
        assertEquals(Problem.CONFLICT, e.problem());
        assertTrue(e.getMessage().contains("Port " + taken + " is not free"), e.getMessage());
        assertEquals(one, service.find("one"), "name and port as they were");
        assertEquals(creates, docker.creates.get(), "the container was not recreated");
        assertTrue(containerOf(one).running, "and still runs");

        UserFacingException clash = assertThrows(UserFacingException.class,
                () -> service.change("one", InstanceChanges.none().withName("TWO"), false));
        assertEquals(Problem.CONFLICT, clash.problem(), clash.getMessage());
        assertEquals(one, service.find("one"));
        assertEquals(Problem.INVALID_INPUT, assertThrows(UserFacingException.class,
                () -> service.change("one", InstanceChanges.none().withPort(80), false)).problem());
    }

    @Test
    void aCreateCutShortIsUndoneByTheNextDbdockWhichSaysSo() {
        create(CreateRequest.of("redis").withName("half"));
        InstanceRecord r = service.find("half");
        // As a dbdock killed after its record was written and before the container ran: marker left, no container.
        new Interrupted(root).mark(r.id(), Interrupted.Step.CREATING, false);
        docker.remove(r.containerName());

        InstanceService next = newService();
        List<String> said = new ArrayList<>();
        next.addListener(hearing(said, new ArrayList<>()));
        next.refresh(false);
        assertEquals(List.of(), new InstanceStore(root).load(), "the half-made instance is gone");
        assertFalse(Files.exists(Path.of(r.home())), "with what it had made");
        assertEquals(1, said.size(), said.toString());
        assertTrue(said.get(0).contains("The creation of 'half' was interrupted; dbdock removed what it had made."), said.get(0));
        assertTrue(new Interrupted(root).pending().isEmpty(), "and the marker");
    }

    @Test
    void aDeleteCutShortIsFinishedByTheNextDbdock() {
        create(CreateRequest.of("redis").withName("going").withStorage(StorageKind.VOLUME));
        InstanceRecord r = service.find("going");
        new Interrupted(root).mark(r.id(), Interrupted.Step.DELETING, true);
        newService().refresh(false);
        assertEquals(List.of(), new InstanceStore(root).load());
        assertTrue(docker.container(r.containerName()).isEmpty());
        assertFalse(docker.volumeNames().contains(r.storageLocation()), "its data too, as the delete asked");
    }

    @Test
    void aLostListIsRebuiltFromTheContainersLabels() throws Exception {
        create(CreateRequest.of("postgres").withName("lost"));
        InstanceRecord r = service.find("lost");
        Files.delete(root.instancesFile());
        Files.deleteIfExists(root.instancesFile().resolveSibling("instances.json.bak"));
        List<InstanceSnapshot> after = newService().refresh(false);
        assertEquals(1, after.size());
        InstanceRecord back = after.get(0).record();
        assertEquals(List.of(r.id(), r.name(), r.port(), r.storageLocation()), List.of(back.id(), back.name(), back.port(), back.storageLocation()));
        assertEquals(InstanceState.STARTING, after.get(0).state(), "running: to be probed");
    }

    @Test
    void nothingIsTouchedWhenDockerIsNotThere() {
        docker.setDown(true);
        UserFacingException e = assertThrows(UserFacingException.class, () -> create(CreateRequest.of("redis").withName("nope")));
        assertEquals(Problem.DOCKER_UNAVAILABLE, e.problem());
        assertFalse(Files.exists(root.instancesFile()) && !new InstanceStore(root).load().isEmpty());
        assertFalse(Files.exists(root.instancesDir().resolve("nope")));
    }

    /** A plain pg_dumpall-style file that passes dbdock's checks (header, complete ending, gzip). */
    private Path dump() throws Exception {
        Path file = dir.resolve("cluster.sql.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(("--\n-- PostgreSQL database cluster dump\n--\n\nCREATE TABLE t (v text);\n\n"
                    + "--\n-- PostgreSQL database cluster dump complete\n--\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void aRestoreSwitchesToNewStorageOnlyOnceTheDatabaseTookTheDump() throws Exception {
        create(CreateRequest.of("postgres").withName("db").withStorage(StorageKind.FOLDER));
        InstanceRecord before = service.find("db");
        InstanceService.Restored restored = service.restore("db", dump(), p -> { });
        InstanceRecord after = service.find("db");
        assertEquals(InstanceState.READY, restored.snapshot().state());
        assertTrue(!after.storageLocation().equals(before.storageLocation()) && after.storageLocation().contains("data-"),
                after.storageLocation());
        assertEquals(before.storageLocation(), restored.previousData(), "the old data is kept, and said where");
        assertTrue(Files.isDirectory(Path.of(before.storageLocation())));
        assertEquals(after.storageLocation(), containerOf(after).spec.mounts().get(0).source(), "the container runs on the new data");
        assertTrue(docker.execs.stream().anyMatch(c -> String.join(" ", c).contains("head -c")), "the dump was streamed in");
        assertEquals(before.port(), after.port());
        assertEquals(service.password(before), service.password(after));
    }

    @Test
    void aDumpTheDatabaseRefusesLeavesTheInstanceOnItsOldData() throws Exception {
        create(CreateRequest.of("postgres").withName("db").withStorage(StorageKind.FOLDER));
        InstanceRecord before = service.find("db");
        docker.execAnswer = (c, cmd) -> String.join(" ", cmd).contains("head -c")
                ? new io.dbdock.docker.DockerGateway.ExecResult(3, List.of("psql:<stdin>:5: ERROR:  syntax error at or near \"CREATE\""))
                : new io.dbdock.docker.DockerGateway.ExecResult(0, List.of());
        UserFacingException e = assertThrows(UserFacingException.class, () -> service.restore("db", dump(), p -> { }));
        assertTrue(e.getMessage().startsWith("The database refused the dump: psql:<stdin>:5: ERROR:  syntax error"), e.getMessage());
        InstanceRecord after = service.find("db");
        assertEquals(before, after, "the record still names the old data");
        assertTrue(containerOf(after).running, "and it runs again");
        assertEquals(before.storageLocation(), containerOf(after).spec.mounts().get(0).source(), "on its old data");
        try (var homes = Files.list(Path.of(before.home()))) {
            assertEquals(List.of(), homes.filter(p -> p.getFileName().toString().startsWith("data-")).toList(),
                    "the half-filled new storage is removed");
        }
        assertTrue(new Interrupted(root).pending().isEmpty(), "no marker is left for the next dbdock");
    }

    @Test
    void aReadOnlyLookShowsTheStatesWithoutRecoveringAnything() {
        create(CreateRequest.of("postgres").withName("up"));
        create(CreateRequest.of("redis").withName("down"));
        service.stop("down");
        create(CreateRequest.of("redis").withName("half"));
        InstanceRecord half = service.find("half");
        new Interrupted(root).mark(half.id(), Interrupted.Step.CREATING, false);
        docker.remove(half.containerName());

        InstanceService reader = newService();
        Map<String, InstanceState> states = new java.util.TreeMap<>();
        logins.set(0);
        knocks.set(0);
        reader.look().forEach(x -> states.put(x.record().name(), x.state()));
        assertEquals(Map.of("up", InstanceState.READY, "down", InstanceState.STOPPED, "half", InstanceState.CREATING), states);
        assertEquals(List.of(0, 1), List.of(logins.get(), knocks.get()), "Ready from one knock on the running server, no login");
        assertEquals(3, new InstanceStore(root).load().size(), "a look rolls nothing back");
        assertFalse(new Interrupted(root).pending().isEmpty(), "the interrupted create is left for a command that changes instances");

        newService().refresh(false);
        assertEquals(2, new InstanceStore(root).load().size(), "which refresh is");
    }

    @Test
    void aLookSaysUnhealthyWhenTheLastProbeFoundTheLoginRefusedUntilOneSucceeds() {
        create(CreateRequest.of("postgres").withName("drift"));
        refuseLogins = true;
        assertEquals(InstanceState.UNHEALTHY, service.restart("drift", true).state());

        logins.set(0);
        InstanceSnapshot seen = newService().look().get(0);
        assertEquals(InstanceState.UNHEALTHY, seen.state(), "a look logs in to nothing, yet remembers why");
        assertEquals(0, logins.get());
        assertTrue(seen.detail().contains("password authentication failed"), seen.detail());

        refuseLogins = false;
        assertEquals(InstanceState.READY, service.restart("drift", true).state());
        assertEquals(InstanceState.READY, newService().look().get(0).state(), "a successful login clears it");
    }

    /** CI saw a window stuck on Starting: the stop event came while a reconcile's list call (still "running") was on its way. */
    @Test
    void aStopHeardWhileAListCallTravelsIsNotUndoneByTheOlderList() {
        create(CreateRequest.of("redis").withName("cache"));
        InstanceService window = newService();
        InstanceRecord r = window.find("cache");
        assertEquals(InstanceState.READY, window.refresh(true).get(0).state());
        docker.afterList = () -> {
            docker.afterList = () -> { };
            docker.stop(r.containerName(), 1);
            window.runtime().publish(r, InstanceState.STOPPED, "", -1); // what the monitor does with the event
        };
        assertEquals(InstanceState.STOPPED, window.refresh(false).get(0).state(), "the newer state stays");
        assertEquals(InstanceState.STOPPED, window.runtime().snapshot(r).state());
        assertEquals(InstanceState.STOPPED, window.refresh(false).get(0).state(), "and the next list agrees");
    }

    @Test
    void aVariantInstanceRunsItsProjectsImageAndCreatesItsExtensionOnceReady() {
        InstanceService.Created created = service.create(CreateRequest.of("postgres").withVersion("17").withName("embeddings")
                .withVariant("pgvector"), s -> { });
        InstanceSnapshot s = created.snapshot();
        assertEquals(InstanceState.READY, s.state(), s.detail());
        assertEquals("pgvector", s.record().variant());
        assertEquals("postgres+pgvector", s.record().engineWithVariant());
        InMemoryDocker.Container c = containerOf(s.record());
        assertEquals("pgvector/pgvector:pg17", c.spec.image());
        assertEquals("pgvector", c.spec.labels().get("io.dbdock.variant"));
        assertEquals("/var/lib/postgresql/data", c.spec.mounts().get(0).target());
        List<String> enable = docker.execs.stream().filter(x -> String.join(" ", x).contains("CREATE EXTENSION")).findFirst()
                .orElseThrow(() -> new AssertionError("no CREATE EXTENSION in " + docker.execs));
        assertEquals("CREATE EXTENSION IF NOT EXISTS \"vector\" CASCADE;", enable.get(enable.size() - 1));
        assertEquals(List.of(), created.notes());
        assertEquals("pgvector", new InstanceStore(root).load().get(0).variant(), "the store keeps it");
        assertEquals("pgvector/pgvector:pg17", newService().image(newService().find("embeddings")), "and the next dbdock reads it back");
    }

    @Test
    void aVariantWithoutTheChosenVersionIsRefusedBeforeAnythingIsMade() {
        UserFacingException e = assertThrows(UserFacingException.class, () -> service.create(
                CreateRequest.of("postgres").withVersion("14").withVariant("timescaledb"), s -> { }));
        assertEquals("TimescaleDB is published for PostgreSQL 15, 16, 17, 18 only, not for 14.", e.getMessage());
        assertEquals(List.of(), new InstanceStore(root).load());
        assertTrue(docker.containers().isEmpty());
    }

    @Test
    void aDumpUsingAVariantsExtensionIsRefusedByAPlainInstanceAndMadeIntoANewOneWithTheVariant() throws Exception {
        create(CreateRequest.of("postgres").withVersion("17").withName("plain"));
        Path dump = dir.resolve("vectors.sql");
        Files.writeString(dump, "--\n-- PostgreSQL database cluster dump\n--\n\\connect postgres\n"
                + "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;\nCREATE TABLE items (embedding vector(3));\n"
                + "--\n-- PostgreSQL database cluster dump complete\n--\n");
        UserFacingException e = assertThrows(UserFacingException.class, () -> service.restore("plain", dump, p -> { }));
        assertEquals("'plain' (plain PostgreSQL) does not have the extension vector that vectors.sql uses. Restore it into an "
                + "instance of PostgreSQL with pgvector or TimescaleDB, or make a new instance from this backup. Nothing was changed.",
                e.getMessage());
        assertEquals(1, docker.containers().size(), "nothing was made or replaced");
        assertTrue(containerOf(service.find("plain")).running);

        InstanceService.Created copy = service.restoreAsNew(dump, "vectors", "postgres", "17", p -> { });
        assertEquals("pgvector", copy.snapshot().record().variant(), "the first variant whose image has vector");
        assertEquals("pgvector/pgvector:pg17", containerOf(copy.snapshot().record()).spec.image());
    }

    @Test
    void dataKeptFromAVariantInstanceIsTakenBackOnlyWithTheSameVariant() {
        service.create(CreateRequest.of("postgres").withVersion("17").withName("vec").withVariant("pgvector"), s -> { });
        service.delete("vec", false);
        UserFacingException plain = assertThrows(UserFacingException.class, () -> create(CreateRequest.of("postgres").withVersion("17").withName("vec")));
        assertTrue(plain.getMessage().startsWith("Data kept from an earlier 'vec' (postgres+pgvector 17) is in "), plain.getMessage());
        assertTrue(plain.getMessage().endsWith("Choose another name, or create it with the variant pgvector to use it."), plain.getMessage());
        assertEquals(List.of(), new InstanceStore(root).load(), "nothing was made");
        InstanceService.Created again = service.create(CreateRequest.of("postgres").withVersion("17").withName("vec").withVariant("pgvector"), s -> { });
        assertTrue(again.reusedData());
        assertEquals("pgvector", again.snapshot().record().variant());
    }

    /** CI saw a window stuck on Starting after a stop: whatever said Starting late, the probe loop asks the container itself. */
    @Test
    void aStartingInstanceWhoseContainerNoLongerRunsIsShownAsItIs() throws Exception {
        create(CreateRequest.of("redis").withName("late"));
        InstanceService window = newService();
        InstanceRecord r = window.find("late");
        java.util.concurrent.CountDownLatch stopped = reaching(window, InstanceState.STOPPED);
        docker.stop(r.containerName(), 1); // its "die" event never reaches this window
        window.runtime().publish(r, InstanceState.STARTING, "", -1); // a "start" event that came late
        try (StateMonitor monitor = new StateMonitor(window, docker)) {
            monitor.watchUntilReady(r);
            assertTrue(stopped.await(10, java.util.concurrent.TimeUnit.SECONDS), "still " + window.runtime().snapshot(r).state());
        }
        assertEquals(InstanceState.STOPPED, window.runtime().snapshot(r).state());
    }

    /** CI: the window said Ready before a create had made the variant's extension; the operation holding the lock reports, not the monitor. */
    @Test
    void theMonitorProbesAnInstanceOnlyOnceTheOperationHoldingItIsOver() throws Exception {
        create(CreateRequest.of("redis").withName("busy"));
        InstanceRecord r = service.find("busy");
        java.util.concurrent.CountDownLatch ready = reaching(service, InstanceState.READY);
        service.runtime().publish(r, InstanceState.STARTING, "", -1);
        service.runtime().lock(r.id()).lock();
        try (StateMonitor monitor = new StateMonitor(service, docker)) {
            logins.set(0);
            monitor.watchUntilReady(r);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!monitor.isWaitingForLock(r.id()) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(monitor.isWaitingForLock(r.id()), "the probe loop waits for the operation");
            assertEquals(InstanceState.STARTING, service.runtime().snapshot(r).state(), "no Ready from the monitor while the lock is held");
            assertEquals(0, logins.get(), "and no probe");
            service.runtime().lock(r.id()).unlock();
            assertTrue(ready.await(10, java.util.concurrent.TimeUnit.SECONDS), "probed once the operation is over");
        } finally {
            if (service.runtime().lock(r.id()).isHeldByCurrentThread()) {
                service.runtime().lock(r.id()).unlock();
            }
        }
    }

    /** Docker may deliver a restart's "die" after the restart is over: it must not show Stopped over a running server. */
    @Test
    void eventsOfAChangeThisProcessMadeAndReportedAreOldNews() throws Exception {
        create(CreateRequest.of("redis").withName("again"));
        InstanceRecord r = service.find("again");
        try (StateMonitor monitor = new StateMonitor(service, docker)) {
            monitor.start();
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!docker.followsEvents() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(docker.followsEvents(), "the monitor follows the engine's events");
            long duringRestart = epochNanosNow();
            service.restart("again", true);
            assertEquals(InstanceState.READY, service.runtime().snapshot(r).state());
            var labels = java.util.Map.of(io.dbdock.docker.Labels.INSTANCE, r.id().toString(), "exitCode", "0");
            docker.deliver(new io.dbdock.docker.ContainerEvent("c", "die", labels, duringRestart));
            assertEquals(InstanceState.READY, service.runtime().snapshot(r).state(), "the restart's own die, delivered late");
            docker.deliver(new io.dbdock.docker.ContainerEvent("c", "die", labels, epochNanosNow()));
            assertEquals(InstanceState.STOPPED, service.runtime().snapshot(r).state(), "a die after the restart still counts");
        }
    }

    private static long epochNanosNow() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
