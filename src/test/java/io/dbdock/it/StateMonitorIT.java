package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.instance.StateMonitor;
import io.dbdock.model.InstanceRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changes made outside dbdock (docker stop/start/rm) show up in its live states. */
@RequiresDocker
class StateMonitorIT {
    private TestInstances t;
    private StateMonitor monitor;
    private final RecordingListener events = new RecordingListener();
    private final Map<UUID, InstanceSnapshot> seen = events.seen;

    @BeforeEach
    void setUp() {
        t = new TestInstances();
        t.service.addListener(events);
        monitor = new StateMonitor(t.service, t.docker);
        monitor.watchStore(t.root);
        monitor.start();
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        t.close();
    }

    private long millisUntil(InstanceRecord r, InstanceState state, long timeoutMs) throws InterruptedException {
        long start = System.nanoTime();
        while ((System.nanoTime() - start) / 1_000_000 < timeoutMs) {
            InstanceSnapshot s = seen.get(r.id());
            if (s != null && s.state() == state) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(r.name() + " did not become " + state + " within " + timeoutMs + " ms; last: " + seen.get(r.id()));
    }

    @Test
    void externalStopStartAndRemoveAreSeenQuickly() throws Exception {
        InstanceSnapshot s = t.create(CreateRequest.of("redis").withName(t.name("mon")));
        InstanceRecord r = s.record();
        assertEquals(InstanceState.READY, s.state());

        Docker.run("stop", r.containerName());
        long stopMs = millisUntil(r, InstanceState.STOPPED, 1000);
        System.out.println("TIMING external docker stop seen after " + stopMs + " ms");

        Docker.run("start", r.containerName());
        long readyMs = millisUntil(r, InstanceState.READY, 10_000);
        System.out.println("TIMING external docker start seen Ready after " + readyMs + " ms");

        Docker.run("rm", "-f", r.containerName());
        millisUntil(r, InstanceState.MISSING, 1000);

        // Start recreates the missing container on the same data, port and password.
        InstanceSnapshot back = t.service.start(r.name(), true);
        assertEquals(InstanceState.READY, back.state(), back.detail());
        assertEquals(r.port(), back.record().port());
    }

    @Test
    void instancesMadeAndDeletedByAnotherProcessShowUpAndGo() throws Exception {
        // A second dbdock on the same data root, as the CLI would be next to the window.
        try (InstanceService other = new InstanceService(io.dbdock.engine.EngineCatalog.standard(),
                new io.dbdock.store.InstanceStore(t.root), io.dbdock.model.Settings.defaults(),
                io.dbdock.docker.DockerConnection.toDiscoveredEngine(), t.root,
                new io.dbdock.engine.ImageResolver(Map.of(), Requirements.IMAGE_PREFIX))) {
            InstanceSnapshot made = other.create(CreateRequest.of("redis").withName(t.name("elsewhere")), s -> { }).snapshot();
            long seenMs = millisUntil(made.record(), InstanceState.READY, 3000);
            System.out.println("TIMING instance created by another process seen Ready after " + seenMs + " ms");
            other.delete(made.name(), true);
            long start = System.nanoTime();
            while (seen.containsKey(made.record().id()) && (System.nanoTime() - start) / 1_000_000 < 3000) {
                Thread.sleep(10);
            }
            assertTrue(!seen.containsKey(made.record().id()), "the deleted instance left the list");
            System.out.println("TIMING instance deleted by another process gone after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    @Test
    void reconcileAfterTheFactFindsTrueStates() throws Exception {
        InstanceSnapshot s = t.create(CreateRequest.of("redis").withName(t.name("rec")));
        Docker.run("stop", s.record().containerName());
        List<InstanceSnapshot> states = t.service.refresh(true);
        assertEquals(InstanceState.STOPPED, states.get(0).state());
        Docker.run("start", s.record().containerName());
        long deadline = System.currentTimeMillis() + 10_000;
        InstanceState state;
        do {
            state = t.service.refresh(true).get(0).state();
        } while (state != InstanceState.READY && System.currentTimeMillis() < deadline);
        assertEquals(InstanceState.READY, state);
        assertTrue(t.service.snapshots().get(0).state() == InstanceState.READY);
    }
}
