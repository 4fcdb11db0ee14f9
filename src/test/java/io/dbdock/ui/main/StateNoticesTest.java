package io.dbdock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateNoticesTest {
    @Test
    void aStopByAnotherDbdockIsNewsAndAnyOtherStopIsAWarning() {
        MainViewModel.Notice byCli = StateNotices.forChange("cache", 6379, InstanceState.READY, InstanceState.STOPPED,
                InstanceSnapshot.STOPPED_BY_ANOTHER_DBDOCK + " (process 42).").orElseThrow();
        assertFalse(byCli.error(), byCli.text());
        assertEquals("cache was stopped from the command line or another dbdock window.", byCli.text());

        MainViewModel.Notice outside = StateNotices.forChange("cache", 6379, InstanceState.READY, InstanceState.STOPPED, "").orElseThrow();
        assertTrue(outside.error());
        assertEquals("cache stopped outside dbdock.", outside.text());
    }

    @Test
    void readyAfterStartingAndFailuresAreToldAndNothingElse() {
        assertEquals("cache is ready on port 6379.",
                StateNotices.forChange("cache", 6379, InstanceState.STARTING, InstanceState.READY, "").orElseThrow().text());
        assertTrue(StateNotices.forChange("cache", 6379, InstanceState.READY, InstanceState.ERROR, "exit 1").orElseThrow().error());
        assertEquals(Optional.empty(), StateNotices.forChange("cache", 6379, InstanceState.STOPPED, InstanceState.STOPPED, ""));
        assertEquals(Optional.empty(), StateNotices.forChange("cache", 6379, InstanceState.UNKNOWN, InstanceState.READY, ""));
    }
}
