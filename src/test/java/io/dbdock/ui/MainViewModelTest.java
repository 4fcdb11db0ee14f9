package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.DockerStatus;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.main.MainViewModel;
import javafx.beans.binding.BooleanBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main window's logic without a window: list upkeep, action availability, Docker state. */
class MainViewModelTest {
    private final MainViewModel vm = new MainViewModel(null, null);
    private final InstanceRecord record = TestRecords.record("app", 6379);

    @Test
    void theFilterShowsTheInstancesWhoseWordsMatchAndEveryoneWhenBlank() {
        InstanceRecord pg = TestRecords.record("shop-main", 5433).withVariant("pgvector")
                .withProject(new io.dbdock.model.ProjectMembership("shop", "main", "/src/shop", null));
        assertTrue(MainViewModel.matches(record, "Redis", ""));
        assertTrue(MainViewModel.matches(record, "Redis", "APP"), "ignores case");
        assertTrue(MainViewModel.matches(pg, "PostgreSQL", "postgresql 5433"), "the engine's name and the port");
        assertTrue(MainViewModel.matches(pg, "PostgreSQL", "pgvector shop"), "the variant and the project");
        assertFalse(MainViewModel.matches(pg, "PostgreSQL", "pgvector cache"), "every word must match");
        assertFalse(MainViewModel.matches(record, "Redis", "5433"));

        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        vm.instanceChanged(new InstanceSnapshot(pg, InstanceState.READY, "", -1));
        vm.filterProperty().set("shop");
        assertEquals(List.of("shop-main"), vm.shown().stream().map(i -> i.record().name()).toList());
        assertEquals(2, vm.items().size(), "the filter hides, it removes nothing");
        vm.filterProperty().set(" ");
        assertEquals(2, vm.shown().size());

        vm.filterProperty().set("shop");
        vm.instanceChanged(new InstanceSnapshot(record.withName("shop-cache"), InstanceState.READY, "", -1));
        assertEquals(List.of("shop-cache", "shop-main"), vm.shown().stream().map(i -> i.record().name()).toList(),
                "a rename is filtered again");
    }

    @Test
    void theStatusBarNamesEachOtherEngineWithItsState() {
        assertEquals("", vm.otherEnginesTextProperty().get(), "no other engine followed");
        vm.engineChanged("it-ssh", io.dbdock.instance.DockerStatus.unknown());
        assertEquals("it-ssh: connecting…", vm.otherEnginesTextProperty().get());
        vm.engineChanged("it-ssh", new io.dbdock.instance.DockerStatus(true, "ssh://box", "Docker 28.1 (API 1.49)", ""));
        vm.engineChanged("box-tls", new io.dbdock.instance.DockerStatus(false, "", "", "connection refused"));
        assertEquals("box-tls does not answer · it-ssh: Docker 28.1 (API 1.49)", vm.otherEnginesTextProperty().get());
        assertEquals(null, vm.otherHostKeyToTrustProperty().get());

        var key = new io.dbdock.common.Remedy.TrustHostKey("10.0.0.7", "SHA256:abc", "10.0.0.7 ssh-ed25519 AAAA");
        vm.engineChanged("it-ssh", new io.dbdock.instance.DockerStatus(false, "", "", "The SSH host key of 10.0.0.7 is not known", key));
        assertEquals(key, vm.otherHostKeyToTrustProperty().get(), "offered in the status bar");
        vm.engineChanged("it-ssh", new io.dbdock.instance.DockerStatus(true, "ssh://box", "Docker 28.1 (API 1.49)", ""));
        assertEquals(null, vm.otherHostKeyToTrustProperty().get(), "gone once it connects");
    }

    @Test
    void theContextColumnShowsOnceInstancesOfTwoEnginesAreListedAndTheFilterKnowsTheContext() {
        InstanceRecord here = record.withPlace(new io.dbdock.model.EnginePlace("default", "laptop"));
        InstanceRecord there = TestRecords.record("big-pg", 5432).withPlace(new io.dbdock.model.EnginePlace("build-box", "box"));
        vm.instanceChanged(new InstanceSnapshot(here, InstanceState.READY, "", -1));
        vm.instanceChanged(new InstanceSnapshot(TestRecords.record("old", 6380), InstanceState.READY, "", -1));
        assertFalse(vm.severalContextsProperty().get(), "one engine (and a record not yet placed): no column");
        vm.instanceChanged(new InstanceSnapshot(there, InstanceState.ELSEWHERE, "", -1));
        assertTrue(vm.severalContextsProperty().get());
        assertEquals("build-box", vm.items().get(2).contextProperty().get());
        vm.filterProperty().set("box");
        assertEquals(List.of("big-pg"), vm.shown().stream().map(i -> i.record().name()).toList());
        vm.instanceRemoved(there.id());
        assertFalse(vm.severalContextsProperty().get(), "gone with the last instance of the other engine");
    }

    @Test
    void eventsAddUpdateAndRemoveRows() {
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        assertEquals(1, vm.items().size());
        assertEquals(InstanceState.READY, vm.items().get(0).state());
        assertEquals("127.0.0.1:6379", vm.items().get(0).addressProperty().get());
        vm.instanceRemoved(record.id());
        assertTrue(vm.items().isEmpty());
    }

    @Test
    void actionsFollowTheSelectedRowsStateAsItChanges() {
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        BooleanBinding canStart = vm.selectedAllows(io.dbdock.instance.InstanceAction.START);
        BooleanBinding canStop = vm.selectedAllows(io.dbdock.instance.InstanceAction.STOP);
        assertFalse(canStart.get(), "nothing selected");
        vm.selectedProperty().set(vm.items().get(0));
        assertFalse(canStart.get());
        assertTrue(canStop.get());
        // The same row changes state twice: the bindings must follow every change, not just the first.
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        assertTrue(canStart.get());
        assertFalse(canStop.get());
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        assertFalse(canStart.get());
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        assertTrue(canStart.get());
    }

    @Test
    void fixPasswordIsOfferedOnlyForARefusedPasswordDbdockCanMend() {
        // A live binding: a menu already open follows the row (a late probe may repeat Starting before Unhealthy).
        BooleanBinding offered = vm.selectedRefusesStoredPassword();
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNHEALTHY,
                io.dbdock.probe.ProbeResult.authFailed("The server refused user 'postgres' with the stored password. "
                        + io.dbdock.probe.ProbeResult.FIX_PASSWORD_HINT).message(), -1));
        assertFalse(offered.get(), "nothing selected");
        vm.selectedProperty().set(vm.items().get(0));
        assertTrue(offered.get());
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        assertFalse(offered.get());
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNHEALTHY,
                io.dbdock.probe.ProbeResult.authFailed("The server refused user 'postgres' with the stored password. "
                        + io.dbdock.probe.ProbeResult.FIX_PASSWORD_HINT).message(), -1));
        assertTrue(offered.get(), "the binding follows the row back");
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNHEALTHY, "Redis refused the stored password.", -1));
        assertFalse(offered.get(), "nothing dbdock can set inside the data");
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        assertFalse(offered.get());
    }

    @Test
    void dockerStatusDrivesTheUnavailableState() {
        vm.dockerChanged(new DockerStatus(false, "", "", "Docker is not running (tried unix:///x.sock). Start Docker."));
        assertFalse(vm.dockerAvailableProperty().get());
        assertTrue(vm.dockerProblemProperty().get().contains("unix:///x.sock"));
        vm.dockerChanged(new DockerStatus(true, "unix:///var/run/docker.sock", "Docker 20.10 (API 1.41)", ""));
        assertTrue(vm.dockerAvailableProperty().get());
        assertEquals("Docker 20.10 (API 1.41) at unix:///var/run/docker.sock", vm.dockerTextProperty().get());
    }

    private java.util.List<MainViewModel.Notice> notices() {
        java.util.List<MainViewModel.Notice> seen = new java.util.ArrayList<>();
        vm.noticeProperty().addListener((o, was, now) -> {
            if (now != null) {
                seen.add(now);
            }
        });
        return seen;
    }

    @Test
    void readyFailuresAndOutsideStopsAreAnnouncedOnceEach() {
        var seen = notices();
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        assertEquals(java.util.List.of(new MainViewModel.Notice("app is ready on port 6379.", false)), seen);

        // Stopped by someone else: straight from Ready to Stopped, twice in a row is told twice.
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        assertEquals(3, seen.size());
        assertEquals(seen.get(1), seen.get(2));
        assertTrue(seen.get(1).error() && seen.get(1).text().equals("app stopped outside dbdock."), seen.get(1).text());

        // Stopped by dbdock itself passes through Stopping: not announced.
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        assertEquals(3, seen.size());

        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.ERROR, "The server stopped with exit code 137", -1));
        assertEquals("app failed: The server stopped with exit code 137", seen.get(3).text());
    }

    @Test
    void theFirstStateSeenAndReconnectsAreNotAnnounced() {
        var seen = notices();
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNKNOWN, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNKNOWN, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.MISSING, "", -1));
        assertEquals(java.util.List.of(), seen, "Docker coming back is not news");
    }

    @Test
    void anInstanceAlreadyRunningWhenTheAppStartsIsNotAnnouncedReadyButALaterStartIs() {
        var seen = notices();
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.UNKNOWN, "", -1)); // the stored list, before Docker is asked
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        assertEquals(java.util.List.of(), seen, "its first login probe at start-up is not news");
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STOPPED, "", -1));
        seen.clear();
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.STARTING, "", -1));
        vm.instanceChanged(new InstanceSnapshot(record, InstanceState.READY, "", -1));
        assertEquals(java.util.List.of(new MainViewModel.Notice("app is ready on port 6379.", false)), seen);
    }

    @Test
    void whenLoadedWaitsForTheListAndRunsOnce() {
        java.util.List<String> ran = new java.util.ArrayList<>();
        vm.whenLoaded(() -> ran.add("early"));
        assertTrue(ran.isEmpty(), "the list is not in yet");
        vm.loadedProperty().set(true);
        vm.loadedProperty().set(false);
        vm.loadedProperty().set(true);
        assertEquals(java.util.List.of("early"), ran, "once, when the list came in");
        vm.whenLoaded(() -> ran.add("late"));
        assertEquals(java.util.List.of("early", "late"), ran, "at once when it is already in");
    }
}
