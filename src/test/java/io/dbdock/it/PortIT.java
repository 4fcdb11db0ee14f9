package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.Remedy;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ports: free ones chosen, kept, refused in plain words when taken, reassigned on the same data. */
@RequiresDocker
class PortIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private static ServerSocket hold(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return s;
    }

    @Test
    void aPortHeldByAnotherProgramIsRefusedAtCreateAndNothingIsMade() throws Exception {
        try (ServerSocket held = hold(0)) {
            int port = held.getLocalPort();
            UserFacingException e = assertThrows(UserFacingException.class,
                    () -> t.create(CreateRequest.of("redis").withName(t.name("held")).withPort(port)));
            assertEquals(Problem.CONFLICT, e.problem());
            assertTrue(e.getMessage().contains("Port " + port), e.getMessage());
            assertTrue(t.service.snapshots().isEmpty());
        }
    }

    @Test
    void stoppedInstanceWhosePortIsTakenFailsToStartUnchangedThenReassignKeepsData() throws Exception {
        String name = t.name("moved");
        InstanceSnapshot s = t.create(CreateRequest.of("redis").withName(name));
        int port = s.record().port();
        EngineSpec redis = t.service.engine(s.record());
        DataClient.write(redis, t.service.endpoint(s.record()), "before");
        t.service.stop(name);
        try (ServerSocket held = hold(port)) {
            UserFacingException e = assertThrows(UserFacingException.class, () -> t.service.start(name, true));
            assertEquals(Problem.CONFLICT, e.problem());
            assertEquals("'" + name + "' cannot start on 127.0.0.1: another program (java, process " + ProcessHandle.current().pid()
                    + ") is listening on port " + port + ".", e.getMessage(), "says which program holds the port");
            Remedy.MovePort offer = (Remedy.MovePort) e.remedy().orElseThrow();
            assertNotEquals(port, offer.port());
            assertEquals(s.record().id(), offer.instance());
            assertEquals(port, t.record(name).port(), "the instance is unchanged");

            InstanceSnapshot moved = t.service.reassignPort(name, null, true);
            assertNotEquals(port, moved.record().port());
            assertEquals(InstanceState.STOPPED, moved.state(), "a stopped instance stays stopped");
            InstanceSnapshot started = t.service.start(name, true);
            assertEquals(InstanceState.READY, started.state(), started.detail());
            assertEquals(List.of("before"), DataClient.read(redis, t.service.endpoint(started.record())));
        }
    }

    @Test
    void theSecondInstanceOfAnEngineGetsTheNextFreePortAndKeepsIt() {
        InstanceSnapshot a = t.create(CreateRequest.of("redis").withName(t.name("a")));
        InstanceSnapshot b = t.create(CreateRequest.of("redis").withName(t.name("b")));
        assertNotEquals(a.record().port(), b.record().port());
        t.service.restart(b.name(), true);
        assertEquals(b.record().port(), t.record(b.name()).port());
    }

    @Test
    void concurrentCreatesGetDistinctPorts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<InstanceSnapshot>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = t.name("c" + i);
                futures.add(pool.submit(() -> t.create(CreateRequest.of("redis").withName(name))));
            }
            Set<Integer> ports = new HashSet<>();
            for (Future<InstanceSnapshot> f : futures) {
                InstanceSnapshot s = f.get();
                assertEquals(InstanceState.READY, s.state(), s.detail());
                ports.add(s.record().port());
            }
            assertEquals(4, ports.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
