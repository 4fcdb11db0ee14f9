package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.common.Problem;
import io.dbdock.common.Remedy;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.InMemoryDocker;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.Settings;
import io.dbdock.probe.ProbeResult;
import io.dbdock.probe.ReadinessProbe;
import io.dbdock.store.InstanceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One data root, two Docker engines (the laptop's and a context's): each instance belongs to the
 * engine it was made on, and dbdock talking to the other one shows it as there, changes nothing
 * of it, and makes nothing again in its place.
 */
class EnginePlacesTest {
    @TempDir
    Path dir;
    private DataRoot root;
    private final InMemoryDocker laptop = new InMemoryDocker("postgres:18", "redis:8");
    private final InMemoryDocker box = new InMemoryDocker("postgres:18", "redis:8");

    @BeforeEach
    void setUp() {
        root = new DataRoot(dir);
        box.place = new EnginePlace("box", "engine-of-the-box");
    }

    private InstanceService on(InMemoryDocker docker) {
        return new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), ""), kind -> new ReadinessProbe() {
                    @Override
                    public ProbeResult check(Endpoint e) {
                        return running(docker, e.port()) ? ProbeResult.ready() : ProbeResult.notReady("connection refused");
                    }

                    @Override
                    public boolean answers(Endpoint e) {
                        return running(docker, e.port());
                    }
                });
    }

    /** Whether a server answers on this computer's port: through the tunnel's port for a tunnelled engine. */
    private static boolean running(InMemoryDocker docker, int port) {
        return docker.containers().stream().anyMatch(c -> c.running && c.spec.port() != null
                && docker.reachablePort(c.spec.port().hostPort()) == port);
    }

    private static InstanceSnapshot named(List<InstanceSnapshot> all, String name) {
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void onAnEngineOverSshTheDataIsInAVolumeThereAndEveryAddressIsTheTunnels() {
        box.tunnelShift = 1000;
        InstanceService onTheBox = on(box);
        InstanceSnapshot made = onTheBox.create(CreateRequest.of("redis").withName("cache"), s -> { }).snapshot();
        InstanceRecord r = made.record();
        assertEquals(InstanceState.READY, made.state(), "the probe went through the tunnel");
        assertEquals(io.dbdock.model.StorageKind.VOLUME, r.storage(), "a folder here would be on the wrong machine");
        Endpoint e = onTheBox.endpoint(r);
        assertEquals("127.0.0.1", e.host());
        assertEquals(r.port() + 1000, e.port(), "the tunnel's port, not the one published on the other machine");
        assertTrue(onTheBox.connectionWithoutPassword(r).uri().contains("127.0.0.1:" + (r.port() + 1000)));
        assertEquals(List.of("docker", "--context", "box", "exec", "-it"), onTheBox.shellCommand(r).subList(0, 5),
                "the docker CLI is sent to the same engine, not to its own current context");

        UserFacingException folder = assertThrows(UserFacingException.class, () -> onTheBox.create(
                CreateRequest.of("redis").withName("here").withStorage(io.dbdock.model.StorageKind.FOLDER), s -> { }));
        assertEquals(Problem.INVALID_INPUT, folder.problem());
        assertTrue(folder.getMessage().contains("cannot hold the data of an instance on"), folder.getMessage());
        assertEquals(1, box.containers().size(), "nothing made for the refused one");

        UserFacingException shellHere = assertThrows(UserFacingException.class, () -> on(laptop).shellCommand("cache", true));
        assertEquals(Problem.CONFLICT, shellHere.problem(), "from another engine the shell says where it lives, not 'not running'");
    }

    /**
     * Listings show where a client here connects: the tunnel's port once a tunnel carries an instance on
     * an engine over SSH (a program here may hold the published port), the recorded address before that,
     * and the same through the window's primary service for an instance on a followed engine.
     */
    @Test
    void listingsShowTheTunnelsAddressOnceATunnelCarriesTheInstance() {
        box.tunnelShift = 1000;
        InstanceService laptopService = on(laptop);
        InstanceService onTheBox = on(box);
        laptopService.follow(laptopService.context(), "box", onTheBox);
        InstanceRecord r = onTheBox.create(CreateRequest.of("redis").withName("cache"), s -> { }).snapshot().record();
        String tunnel = "127.0.0.1:" + (r.port() + 1000);
        assertEquals(tunnel, onTheBox.address(r), "the probe that found it Ready opened the tunnel");
        assertEquals(tunnel, laptopService.address(r), "asked through the window's primary service");
        assertTrue(onTheBox.connectionWithoutPassword(r).uri().contains(tunnel), "the same port as Copy URI's");

        InstanceRecord notTunnelled = r.withPort(r.port() + 1);
        assertEquals("127.0.0.1:" + notTunnelled.port(), onTheBox.address(notTunnelled), "no tunnel open: as recorded");
        InstanceRecord here = laptopService.create(CreateRequest.of("redis").withName("local"), s -> { }).snapshot().record();
        assertEquals("127.0.0.1:" + here.port(), laptopService.address(here), "an engine here has no tunnel");
    }

    /**
     * Ports are chosen by what listens on the engine's machine: one taken there is skipped though
     * free here, one taken here only is used (the tunnel takes another port here).
     */
    @Test
    void onAnEngineOverSshPortsAreCheckedOnThatMachineNotHere() throws Exception {
        box.tunnelShift = 1000;
        box.machineListeners = Set.of(6379, 6380);
        InstanceService onTheBox = on(box);
        // Whatever this computer has on 6381 (a test's redis, say) does not matter there.
        assertEquals(6381, onTheBox.suggestPort("redis", "127.0.0.1"), "6379 and 6380 are taken there");
        assertEquals(Optional.of("a program on the machine of context 'box' is listening on port 6379"),
                onTheBox.portProblem(6379, "127.0.0.1"));
        try (java.net.ServerSocket takenHere = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int hereOnly = takenHere.getLocalPort();
            assertEquals(Optional.empty(), onTheBox.portProblem(hereOnly, "127.0.0.1"), "taken here only");
            int asked = box.listenerQuestions.get();
            InstanceRecord r = onTheBox.create(CreateRequest.of("redis").withName("cache"), s -> { }).snapshot().record();
            assertEquals(6381, r.port());
            assertTrue(box.listenerQuestions.get() - asked <= 1, "asked once for the whole allocation, not per port");
            assertEquals(hereOnly, onTheBox.create(CreateRequest.of("redis").withName("here-only").withPort(hereOnly), s -> { })
                    .snapshot().record().port());
            UserFacingException taken = assertThrows(UserFacingException.class, () -> onTheBox.create(
                    CreateRequest.of("redis").withName("there").withPort(6380), s -> { }));
            assertTrue(taken.getMessage().contains("a program on the machine of context 'box' is listening on port 6380"),
                    taken.getMessage());
        }
    }

    /**
     * The window's core follows a second engine through a service of its own: that engine's
     * instances show their live state there (not "Other engine"), every action goes to that engine,
     * and that engine going away turns only its instances to Unknown, saying which engine.
     */
    @Test
    void aFollowedEnginesInstancesAreLiveAndActedOnThereAndOnlyTheyGoUnknownWhenItIsAway() {
        InstanceService here = on(laptop);
        InstanceService there = on(box);
        here.create(CreateRequest.of("redis").withName("local"), s -> { });
        there.create(CreateRequest.of("redis").withName("remote"), s -> { });
        assertEquals(InstanceState.ELSEWHERE, named(here.refresh(false), "remote").state());

        List<InstanceSnapshot> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> engines = new java.util.concurrent.CopyOnWriteArrayList<>();
        here.addListener(new InstanceListener() {
            @Override
            public void instanceChanged(InstanceSnapshot snapshot) {
                heard.add(snapshot);
            }

            @Override
            public void instanceRemoved(java.util.UUID id) {
            }

            @Override
            public void engineChanged(String context, DockerStatus status) {
                engines.add(context + ":" + status.available());
            }
        });
        here.follow("default", "box", there);
        there.runtime().publishDocker(new DockerStatus(true, "ssh://box", "Docker 28", ""));
        assertEquals(List.of("box:true"), engines);
        assertEquals(InstanceState.READY, named(here.snapshots(), "remote").state(), "its live state, not Other engine");
        assertEquals(InstanceState.READY, named(here.refresh(false), "remote").state());

        here.stop("remote");
        assertFalse(box.containers().get(0).running, "stopped on its own engine");
        assertTrue(laptop.containers().stream().allMatch(c -> c.running), "nothing changed here");
        assertEquals(InstanceState.STOPPED, named(here.snapshots(), "remote").state());
        here.start("remote", true);
        assertEquals(InstanceState.READY, named(here.snapshots(), "remote").state());

        heard.clear();
        there.runtime().publishDocker(new DockerStatus(false, "", "", "connection refused"));
        InstanceSnapshot away = named(here.snapshots(), "remote");
        assertEquals(InstanceState.UNKNOWN, away.state());
        assertEquals("context 'box' does not answer: connection refused", away.detail());
        assertTrue(heard.stream().anyMatch(s -> s.name().equals("remote") && s.state() == InstanceState.UNKNOWN), "the window hears it");
        assertEquals(InstanceState.READY, named(here.snapshots(), "local").state(), "this engine's instance is not touched");
        assertFalse(here.followedEngines().get("box").available());

        there.runtime().publishDocker(new DockerStatus(true, "ssh://box", "Docker 28", ""));
        assertEquals(InstanceState.READY, named(here.snapshots(), "remote").state(), "back by itself");
        here.refresh(false);
        assertFalse(heard.stream().anyMatch(s -> s.name().equals("remote") && s.state() == InstanceState.ELSEWHERE),
                "this engine's own view of it (Other engine) never reaches the window");

        assertEquals(Optional.empty(), here.delete("remote", true));
        assertTrue(box.containers().isEmpty(), "deleted on its own engine");
        assertEquals(1, laptop.containers().size());
    }

    @Test
    void anInstanceIsRecordedWithTheEngineItWasMadeOn() {
        InstanceRecord r = on(box).create(CreateRequest.of("redis").withName("cache"), s -> { }).snapshot().record();
        assertEquals(new EnginePlace("box", "engine-of-the-box"), r.place());
        assertEquals(r.place(), new InstanceStore(root).load().get(0).place(), "written to the store");
    }

    @Test
    void onAnotherEngineItShowsWhereItLivesAndNothingIsChangedOrMadeAgainHere() {
        InstanceService onTheBox = on(box);
        onTheBox.create(CreateRequest.of("postgres").withName("remote-pg"), s -> { });
        onTheBox.stop("remote-pg");
        onTheBox.setAutoStart("remote-pg", true);
        on(laptop).create(CreateRequest.of("redis").withName("local-cache"), s -> { });
        InstanceService here = on(laptop);
        assertEquals(List.of(), here.startAutoStartInstances(), "another engine's instance starts when dbdock talks to it");

        List<InstanceSnapshot> states = here.refresh(true);
        InstanceSnapshot remote = named(states, "remote-pg");
        assertEquals(InstanceState.ELSEWHERE, remote.state(), remote.detail());
        assertEquals("On context 'box'; dbdock uses context 'default' now.", remote.detail());
        assertEquals(InstanceState.READY, named(states, "local-cache").state(), "the laptop's own instance is untouched");
        assertEquals(InstanceState.ELSEWHERE, named(here.look(), "remote-pg").state(), "the quick look says so too");

        for (Runnable change : List.<Runnable>of(() -> here.start("remote-pg", true), () -> here.stop("remote-pg"),
                () -> here.delete("remote-pg", true), () -> here.reassignPort("remote-pg", null, false))) {
            UserFacingException e = assertThrows(UserFacingException.class, change::run);
            assertEquals(Problem.CONFLICT, e.problem());
            assertEquals(java.util.Optional.of(new Remedy.UseEngine("box")), e.remedy(), e.getMessage());
        }
        assertEquals(1, laptop.containers().size(), "no container of remote-pg was made on the laptop's engine");
        assertTrue(!box.containers().get(0).running, "the box's container was not touched (stopped as it was left)");
        assertEquals(2, new InstanceStore(root).load().size(), "nothing forgotten");
        for (InstanceAction a : InstanceAction.values()) {
            assertTrue(!InstanceState.ELSEWHERE.allows(a), a + " is not offered for an instance on another engine");
        }

        List<InstanceSnapshot> back = on(box).refresh(true);
        assertEquals(InstanceState.STOPPED, named(back, "remote-pg").state(), "on its own engine it is itself again");
        assertEquals(List.of("remote-pg"), on(box).startAutoStartInstances());
        assertEquals(List.of(), on(box).startAutoStartInstances(), "running already: not started again");
        assertEquals(InstanceState.ELSEWHERE, named(back, "local-cache").state());
    }

    @Test
    void aRecordFromBeforeEnginesWereToldApartIsStampedWhereItsContainerIsFound() {
        on(laptop).create(CreateRequest.of("redis").withName("old"), s -> { });
        new InstanceStore(root).update(list -> {
            list.replaceAll(r -> r.withPlace(null));
            return null;
        });
        assertNull(new InstanceStore(root).load().get(0).place());

        InstanceSnapshot onTheBox = named(on(box).refresh(true), "old");
        assertTrue(onTheBox.state() != InstanceState.READY && onTheBox.state() != InstanceState.ELSEWHERE, onTheBox.state()
                + ": not found on the box, and nothing known against it");
        assertNull(new InstanceStore(root).load().get(0).place());

        assertEquals(InstanceState.READY, named(on(laptop).refresh(true), "old").state());
        assertEquals(laptop.place, new InstanceStore(root).load().get(0).place(), "its container is on the laptop's engine");
        assertEquals(InstanceState.ELSEWHERE, named(on(box).refresh(true), "old").state(), "from now on it belongs there");
    }

    @Test
    void aRenamedContextIsTheSameEngineAndTheRecordFollowsTheNewName() {
        on(box).create(CreateRequest.of("redis").withName("cache"), s -> { });
        box.place = new EnginePlace("build-box", "engine-of-the-box");
        InstanceService renamed = on(box);

        int asked = box.placeQuestions.get();
        assertEquals(InstanceState.READY, named(renamed.look(), "cache").state(),
                "the quick look sees another name, asks the engine for its ID and finds it the same");
        assertTrue(box.placeQuestions.get() > asked);
        assertEquals(InstanceState.READY, named(renamed.refresh(true), "cache").state());
        assertEquals("build-box", new InstanceStore(root).load().get(0).place().context());

        asked = box.placeQuestions.get();
        on(box).look();
        assertEquals(asked, box.placeQuestions.get(), "names that agree need no question to the engine");
    }

    @Test
    void aContextRepointedAtAnotherEngineIsTold() {
        on(box).create(CreateRequest.of("redis").withName("cache"), s -> { });
        InMemoryDocker other = new InMemoryDocker("redis:8");
        other.place = new EnginePlace("box", "a-new-machine");
        InstanceSnapshot s = named(on(other).refresh(true), "cache");
        assertEquals(InstanceState.ELSEWHERE, s.state(), "same name, another engine ID");
        assertEquals(0, other.containers().size());
    }
}
