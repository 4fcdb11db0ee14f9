package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.docker.ContainerSummary;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StateMapperTest {
    @ParameterizedTest
    @CsvSource({
            "running,Up 3 seconds,STARTING",
            "created,Created,STOPPED",
            "exited,Exited (0) 2 seconds ago,STOPPED",
            "exited,Exited (137) 2 seconds ago,STOPPED",
            "exited,Exited (143) 1 minute ago,STOPPED",
            "exited,Exited (1) 2 seconds ago,ERROR",
            "dead,Dead,STOPPED",
            "paused,Up 1 minute (Paused),STOPPED",
            "restarting,Restarting (1) 1 second ago,STARTING",
            "removing,Removal In Progress,STOPPING",
            "weird,?,UNKNOWN"})
    void mapsDockerStates(String state, String status, InstanceState expected) {
        assertEquals(expected, StateMapper.fromContainer(new ContainerSummary("id", "n", state, status, Map.of())).state());
    }

    @Test
    void aMissingContainerIsMissing() {
        StateMapper.Mapped m = StateMapper.fromContainer(null);
        assertEquals(InstanceState.MISSING, m.state());
        assertTrue(m.detail().contains("same data"));
    }

    @Test
    void anErrorExitSaysTheCode() {
        assertTrue(StateMapper.fromContainer(new ContainerSummary("id", "n", "exited", "Exited (3) now", Map.of()))
                .detail().contains("exit code 3"));
    }

    @ParameterizedTest
    @CsvSource({"start,,STARTING", "die,0,STOPPED", "die,137,STOPPED", "die,1,ERROR", "destroy,,MISSING", "pause,,STOPPED", "unpause,,STARTING"})
    void mapsEvents(String action, String exitCode, InstanceState expected) {
        assertEquals(expected, StateMapper.fromEvent(action, exitCode).state());
    }

    @Test
    void ignoresEventsThatChangeNothing() {
        assertNull(StateMapper.fromEvent("exec_start", null));
        assertNull(StateMapper.fromEvent("kill", "9"));
    }
}
