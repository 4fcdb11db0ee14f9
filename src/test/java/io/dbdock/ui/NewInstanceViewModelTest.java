package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.common.DataRoot;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.create.NewInstanceViewModel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The new-instance form's rules, run synchronously with an engine that only publishes ports. */
class NewInstanceViewModelTest {
    @TempDir
    Path home;
    private NewInstanceViewModel vm;
    private final EngineCatalog catalog = EngineCatalog.standard();

    @BeforeEach
    void setUp() {
        DataRoot root = new DataRoot(home);
        InstanceService service = new InstanceService(catalog, new InstanceStore(root), Settings.defaults(),
                new FakeDocker(Set.of(6379)), root, new ImageResolver(Map.of(), ""));
        vm = new NewInstanceViewModel(service, new BackgroundTasks(Runnable::run, Runnable::run), List.of("redis", "Shop DB"));
    }

    /**
     * A window following a second engine on another machine asks where the instance runs; there,
     * the data goes into a volume (no folder choice) and the port is found on that machine.
     */
    @Test
    void onAFollowedEngineOnAnotherMachineTheDialogOffersAVolumeAndThatMachinesPorts() {
        DataRoot root = new DataRoot(home);
        InstanceService primary = new InstanceService(catalog, new InstanceStore(root), Settings.defaults(),
                new FakeDocker(Set.of()), root, new ImageResolver(Map.of(), ""));
        io.dbdock.docker.InMemoryDocker box = new io.dbdock.docker.InMemoryDocker("redis:8");
        box.place = new io.dbdock.model.EnginePlace("box", "engine-of-the-box");
        box.tunnelShift = 1000;
        box.machineListeners = Set.of(6379);
        InstanceService onTheBox = new InstanceService(catalog, new InstanceStore(root), Settings.defaults(), box, root,
                new ImageResolver(Map.of(), ""));
        primary.follow(primary.context(), "box", onTheBox);
        NewInstanceViewModel dialog = new NewInstanceViewModel(primary, new BackgroundTasks(Runnable::run, Runnable::run), List.of());
        assertEquals(List.of(primary.context(), "box"), dialog.places(), "the window's own engine first");
        dialog.engineProperty().set(catalog.find("redis").orElseThrow());
        assertTrue(dialog.folderAllowedProperty().get());
        assertEquals(null, dialog.request().context());

        dialog.placeProperty().set("box");
        assertFalse(dialog.folderAllowedProperty().get(), "a folder here is no storage for an engine there");
        assertEquals(io.dbdock.model.StorageKind.VOLUME, dialog.storageProperty().get());
        assertEquals("6380", dialog.portProperty().get(), "6379 is taken on that machine (whatever this one has on 6380)");
        CreateRequest r = dialog.request();
        assertEquals("box", r.context());
        primary.create(r, s -> { });
        assertEquals(1, box.containers().size(), "made on the followed engine");
        assertEquals(io.dbdock.model.StorageKind.VOLUME, primary.find(r.name()).storage());
    }

    @Test
    void choosingAnEngineFillsVersionNameAndAFreePort() {
        vm.engineProperty().set(catalog.find("redis").orElseThrow());
        assertEquals(List.of("7.2", "7.4", "8"), vm.versions());
        assertEquals("8", vm.versionProperty().get());
        assertEquals("redis-2", vm.nameProperty().get(), "'redis' is taken");
        int port = Integer.parseInt(vm.portProperty().get());
        assertTrue(port > 6379, "6379 is published by a container, so " + port + " is suggested");
        assertTrue(vm.validProperty().get());
        CreateRequest r = vm.request();
        assertEquals("redis", r.engine());
        assertEquals("127.0.0.1", r.bindAddress());
        assertEquals(port, r.port());
        assertEquals("6379 is taken (a Docker container publishes port 6379), so dbdock picked " + port + ".",
                vm.portNoteProperty().get(), "the dialog says why it is not the usual port");
        vm.portProperty().set("6400");
        assertEquals("", vm.portNoteProperty().get(), "a port of the user's own needs no explaining");
    }

    /** MySQL's image breaks on ' and \\ in a root password; other engines take them. The rule follows the engine chosen. */
    @Test
    void aPasswordTheChosenEnginesImageCannotTakeIsRefusedAsTheUserTypes() {
        vm.engineProperty().set(catalog.find("mysql").orElseThrow());
        vm.passwordProperty().set("it's");
        assertTrue(vm.passwordErrorProperty().get().contains("' or \\"), vm.passwordErrorProperty().get());
        assertFalse(vm.validProperty().get());
        vm.engineProperty().set(catalog.find("mariadb").orElseThrow());
        assertEquals("", vm.passwordErrorProperty().get(), "MariaDB's image escapes it");
        assertTrue(vm.validProperty().get());
        vm.passwordProperty().set("back\\slash");
        vm.engineProperty().set(catalog.find("mysql").orElseThrow());
        assertFalse(vm.passwordErrorProperty().get().isEmpty(), "switching back to MySQL refuses it again");
    }

    @Test
    void namesAreCheckedAsTheUserTypes() {
        vm.engineProperty().set(catalog.find("postgres").orElseThrow());
        vm.nameProperty().set("bad/name");
        assertTrue(vm.nameErrorProperty().get().contains("may use letters"));
        assertFalse(vm.validProperty().get());
        vm.nameProperty().set("shop db");
        assertEquals("An instance named 'Shop DB' already exists.", vm.nameErrorProperty().get());
        vm.nameProperty().set("orders");
        assertEquals("", vm.nameErrorProperty().get());
        assertTrue(vm.validProperty().get());
    }

    @Test
    void portsAreCheckedAgainstTheMachine() throws Exception {
        vm.engineProperty().set(catalog.find("postgres").orElseThrow());
        vm.portProperty().set("abc");
        assertEquals("The port must be a number from 1024 to 65535.", vm.portErrorProperty().get());
        vm.portProperty().set("70000");
        assertTrue(vm.portErrorProperty().get().contains("outside 1024-65535"));
        vm.portProperty().set("6379");
        assertEquals("A Docker container publishes port 6379.", vm.portErrorProperty().get());
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            vm.portProperty().set(String.valueOf(held.getLocalPort()));
            assertEquals("Another program (java, process " + ProcessHandle.current().pid() + ") is listening on port " + held.getLocalPort()
                    + ".", vm.portErrorProperty().get());
            assertFalse(vm.validProperty().get());
        }
    }

    @Test
    void otherMachinesPublishOnAllAddresses() {
        vm.engineProperty().set(catalog.find("mysql").orElseThrow());
        vm.otherMachinesProperty().set(true);
        assertEquals("0.0.0.0", vm.request().bindAddress());
    }

    @Test
    void anEmptyPasswordIsRefused() {
        vm.engineProperty().set(catalog.find("redis").orElseThrow());
        vm.passwordProperty().set("");
        assertFalse(vm.passwordErrorProperty().get().isEmpty());
        assertFalse(vm.validProperty().get());
        vm.generatePassword();
        assertEquals(32, vm.passwordProperty().get().length());
        assertTrue(vm.validProperty().get());
    }

    @Test
    void postgresOffersItsExtensionsAsCheckBoxesThatChooseTheImageAndItsVersions() {
        vm.engineProperty().set(catalog.find("redis").orElseThrow());
        assertTrue(vm.extensions().isEmpty(), "Redis has none");
        vm.engineProperty().set(catalog.find("postgres").orElseThrow());
        assertEquals(List.of("pgvector", "PostGIS", "TimescaleDB"), vm.extensions().stream().map(NewInstanceViewModel.ExtensionChoice::label).toList());
        assertTrue(vm.extensions().get(0).purpose().contains("vector similarity search"), vm.extensions().get(0).purpose());
        vm.versionProperty().set("14");
        NewInstanceViewModel.ExtensionChoice vector = vm.extensions().get(0);
        NewInstanceViewModel.ExtensionChoice gis = vm.extensions().get(1);
        NewInstanceViewModel.ExtensionChoice timescale = vm.extensions().get(2);

        vector.selected().set(true);
        assertEquals("14", vm.versionProperty().get(), "pgvector is published for 14");
        assertEquals("pgvector", vm.request().variant());
        timescale.selected().set(true);
        assertEquals(List.of("15", "16", "17", "18"), vm.versions(), "TimescaleDB is not published for 14");
        assertEquals("18", vm.versionProperty().get());
        assertEquals("", vm.extensionErrorProperty().get(), "its image has pgvector too");
        assertEquals("pgvector,timescaledb", vm.request().variant());
        gis.selected().set(true);
        assertEquals("pgvector and PostGIS and TimescaleDB cannot be combined: no image has them all. Untick one.",
                vm.extensionErrorProperty().get());
        assertFalse(vm.validProperty().get(), "Create waits for a combination that exists");
        vector.selected().set(false);
        timescale.selected().set(false);
        assertEquals("", vm.extensionErrorProperty().get());
        assertTrue(vm.validProperty().get());
        assertEquals("postgis", vm.request().variant());
        gis.selected().set(false);
        assertEquals(null, vm.request().variant(), "plain PostgreSQL");
        assertEquals(List.of("14", "15", "16", "17", "18"), vm.versions());
    }
}
