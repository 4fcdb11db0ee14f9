package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.docker.InMemoryDocker;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.Settings;
import io.dbdock.probe.ProbeResult;
import io.dbdock.store.InstanceStore;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.main.MainViewModel;
import io.dbdock.ui.main.ProjectGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's actions, from the view model down through the real core to an in-memory engine
 * (tasks run at once, on this thread): what the rows show and what the user is told.
 */
class MainViewModelActionsTest {
    @TempDir
    Path dir;
    private final InMemoryDocker docker = new InMemoryDocker("redis:8", "postgres:18");
    private InstanceService service;
    private MainViewModel vm;
    private final List<MainViewModel.Notice> notices = new ArrayList<>();

    @BeforeEach
    void setUp() {
        DataRoot root = new DataRoot(dir);
        service = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), Settings.defaults(), docker, root,
                new ImageResolver(Map.of(), ""), kind -> e -> docker.containers().stream()
                        .anyMatch(c -> c.running && c.spec.port() != null && docker.reachablePort(c.spec.port().hostPort()) == e.port())
                        ? ProbeResult.ready() : ProbeResult.notReady("connection refused"));
        vm = new MainViewModel(service, new BackgroundTasks(Runnable::run, Runnable::run));
        vm.noticeProperty().addListener((o, was, now) -> notices.add(now));
        vm.attach(Runnable::run);
    }

    private InstanceItem row(String name) {
        return vm.items().stream().filter(i -> i.nameProperty().get().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in " + vm.items()));
    }

    /** On an engine over SSH the row shows the tunnel's port here, as Copy URI does, not the port published there. */
    @Test
    void theAddressColumnShowsTheTunnelsPortForAnInstanceOnAnEngineOverSsh() {
        docker.tunnelShift = 1000;
        service.create(CreateRequest.of("redis").withName("cache"), s -> { });
        InstanceItem cache = row("cache");
        int published = cache.record().port();
        assertEquals("127.0.0.1:" + (published + 1000), cache.addressProperty().get());
        assertTrue(service.connectionWithoutPassword(cache.record()).uri().contains(cache.addressProperty().get()));
    }

    @Test
    void severalSelectedStartStopAndDeleteTogetherAndTheRowButtonToggles() {
        for (String name : List.of("a", "b", "c")) {
            vm.create(CreateRequest.of("redis").withName(name));
        }
        vm.stop(row("c"));
        vm.chosen().setAll(row("a"), row("c"));
        assertTrue(vm.chosenAllow(io.dbdock.instance.InstanceAction.START).get(), "c can start");
        assertTrue(vm.chosenAllow(io.dbdock.instance.InstanceAction.STOP).get(), "a can stop");

        vm.stopChosen();
        assertEquals(InstanceState.STOPPED, row("a").state());
        assertEquals(InstanceState.STOPPED, row("c").state());
        assertEquals(InstanceState.READY, row("b").state(), "not chosen: left alone");
        assertFalse(vm.chosenAllow(io.dbdock.instance.InstanceAction.STOP).get(), "the binding follows the rows' states");

        vm.startChosen();
        assertEquals(InstanceState.READY, row("a").state());
        assertEquals(InstanceState.READY, row("c").state());

        vm.toggle(row("b"));
        assertEquals(InstanceState.STOPPED, row("b").state(), "the row's button stops a running instance");
        vm.toggle(row("b"));
        assertEquals(InstanceState.READY, row("b").state(), "and starts a stopped one");

        vm.chosen().setAll(row("a"), row("b"));
        vm.delete(vm.deletableChosen(), false);
        assertEquals(List.of("c"), vm.items().stream().map(i -> i.nameProperty().get()).toList());
        assertEquals(new MainViewModel.Notice("Deleted 2 instances; their data is kept.", false), notices.get(notices.size() - 1));
        assertTrue(docker.container(service.find("c").containerName()).orElseThrow().running);
    }

    @Test
    void createStopStartCopyAndDeleteFromTheWindow() {
        vm.create(CreateRequest.of("redis").withName("cache"));
        InstanceItem cache = row("cache");
        assertEquals(InstanceState.READY, cache.state());

        vm.stop(cache);
        assertEquals(InstanceState.STOPPED, row("cache").state());
        assertFalse(docker.container(cache.record().containerName()).orElseThrow().running);
        vm.start(cache);
        assertEquals(InstanceState.READY, row("cache").state());

        List<String> clipboard = new ArrayList<>();
        vm.copyUri(cache, clipboard::add);
        String password = service.password(cache.record());
        assertEquals(List.of("redis://default:" + password + "@127.0.0.1:" + cache.record().port() + "/0"), clipboard);
        assertEquals("Copied the connection URI of cache.", notices.get(notices.size() - 1).text());

        vm.delete(cache, false);
        assertTrue(vm.items().isEmpty(), "the row goes");
        MainViewModel.Notice deleted = notices.get(notices.size() - 1);
        assertTrue(deleted.text().startsWith("Deleted cache; its data is kept at ") && !deleted.error(), deleted.text());
        assertTrue(Files.isDirectory(Path.of(cache.record().storageLocation())), "kept, as it says");
    }

    @Test
    void aStartThatCannotHappenIsToldPlainlyKeptOnTheRowAndTheOfferedPortFixesIt() {
        vm.create(CreateRequest.of("postgres").withName("db"));
        InstanceItem db = row("db");
        int taken = db.record().port();
        vm.stop(db);
        docker.otherPrograms.add(taken);
        vm.start(db);
        MainViewModel.Notice told = notices.get(notices.size() - 1);
        assertTrue(told.error(), told.text());
        assertEquals("'db' cannot start on 127.0.0.1: another program is listening on port " + taken + ".", told.text());
        assertFalse(told.text().contains("dbdock port"), "the window does not send the user to the command line: " + told.text());
        assertEquals(InstanceState.STOPPED, row("db").state());
        assertEquals(told.text(), row("db").detailProperty().get(), "the row keeps the reason after the notice is gone");

        MainViewModel.Offer offer = told.offer().orElseThrow(() -> new AssertionError("no fix offered"));
        assertTrue(offer.label().matches("Move to port \\d+"), offer.label());
        int offered = Integer.parseInt(offer.label().substring("Move to port ".length()));
        assertFalse(offered == taken);
        offer.action().run();
        assertEquals(InstanceState.READY, row("db").state(), "moved and started, as the user wanted");
        assertEquals(offered, row("db").record().port());
        assertEquals("", row("db").detailProperty().get(), "the old reason is gone with the next action");
        assertEquals("Moved db to port " + offered + ".", notices.get(notices.size() - 1).text());
    }

    @Test
    void aNewInstanceIsSelectedAsSoonAsItsRowAppears() {
        List<InstanceItem> revealed = new ArrayList<>();
        vm.revealProperty().addListener((o, was, now) -> {
            if (now != null) {
                revealed.add(now);
            }
        });
        vm.create(CreateRequest.of("redis").withName("first"));
        vm.create(CreateRequest.of("redis").withName("second"));
        assertEquals(List.of(row("first"), row("second")), revealed, "each new row once, in order");
    }

    /** The Settings tab: name, port and start-with-dbdock applied as one change, the container recreated once. */
    @Test
    void theSettingsTabAppliesEverythingAtOnceOrNothing() {
        vm.create(CreateRequest.of("redis").withName("one"));
        vm.create(CreateRequest.of("redis").withName("two"));
        io.dbdock.ui.details.SettingsViewModel settings = new io.dbdock.ui.details.SettingsViewModel(service,
                new BackgroundTasks(Runnable::run, Runnable::run));
        settings.instanceProperty().set(row("one"));
        int creates = docker.creates.get();
        int newPort = service.suggestPort("redis", "127.0.0.1");
        settings.nameProperty().set("first");
        settings.portProperty().set(String.valueOf(newPort));
        settings.autoStartProperty().set(true);
        assertTrue(settings.needsRecreateProperty().get() && settings.canApplyProperty().get());
        settings.apply();
        assertEquals("Saved.", settings.resultProperty().get());
        assertEquals(creates + 1, docker.creates.get(), "one recreate for all three");
        var first = service.find("first");
        assertEquals(newPort, first.port());
        assertTrue(first.autoStart());

        settings.instanceProperty().set(row("first"));
        settings.portProperty().set(String.valueOf(row("two").record().port()));
        settings.nameProperty().set("renamed");
        settings.apply();
        assertTrue(settings.resultProperty().get().contains("is not free"), settings.resultProperty().get());
        assertEquals("first", service.find(first.id().toString()).name(), "refused: not even the name changed");
        assertEquals(newPort, service.find("first").port());
    }

    @Test
    void openProjectBringsTheFileUpAndSaysHowItWentInOneLine() throws Exception {
        Path project = java.nio.file.Files.createDirectories(dir.resolve("shop"));
        java.nio.file.Files.writeString(project.resolve("dbdock.json"),
                "{\"project\": \"shop\", \"databases\": {\"cache\": {\"engine\": \"redis\"}, \"db\": {\"engine\": \"postgres\"}}}");
        vm.openProject(project);
        List<String> told = notices.stream().filter(java.util.Objects::nonNull).map(MainViewModel.Notice::text).toList();
        assertTrue(told.contains("Bringing up shop (2 databases)…"), told.toString());
        MainViewModel.Notice done = notices.get(notices.size() - 1);
        assertEquals("shop is up: all 2 databases are Ready; wrote .env.", done.text());
        assertFalse(done.error());
        assertEquals("shop", row("shop-cache").record().project().project());
        assertEquals("shop", vm.revealProjectProperty().get(), "the window shows the project's group");
        assertTrue(Files.readString(project.resolve(".env")).contains("CACHE_URL=redis://"));

        ProjectGroup group = new io.dbdock.ui.main.ProjectTreeAccess().group(vm.items(), "shop");
        vm.projectDown(group);
        assertEquals(InstanceState.STOPPED, row("shop-db").state());
        assertEquals("shop: stopped its databases.", notices.get(notices.size() - 1).text());
    }

    @Test
    void aBrokenProjectFileIsOneNoticeThatCountsItsProblems() throws Exception {
        Path project = java.nio.file.Files.createDirectories(dir.resolve("bad"));
        java.nio.file.Files.writeString(project.resolve("dbdock.json"),
                "{\"databases\": {\"a\": {\"engine\": \"oracle\"}, \"b\": {\"engine\": \"redis\", \"port\": 80}}}");
        vm.openProject(project);
        MainViewModel.Notice n = notices.get(notices.size() - 1);
        assertTrue(n.error());
        assertTrue(n.text().startsWith("dbdock.json: databases.a.engine: \"oracle\" is not an engine dbdock offers")
                && n.text().endsWith("(and 1 more problem; nothing was changed)"), n.text());
        assertTrue(vm.items().isEmpty());
    }
}
