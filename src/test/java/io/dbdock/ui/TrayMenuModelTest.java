package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.tray.TrayMenuModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrayMenuModelTest {
    private static InstanceItem item(String name, int port, InstanceState state) {
        return new InstanceItem(new InstanceSnapshot(TestRecords.record(name, port), state, "", -1));
    }

    @Test
    void eachEntryTellsStateNameEngineAndPortAndOffersWhatMakesSense() {
        TrayMenuModel.Entry ready = TrayMenuModel.entry(item("cache", 6379, InstanceState.READY));
        assertEquals("Ready \u00b7 cache \u00b7 Redis \u00b7 6379", ready.title());
        assertFalse(ready.canStart());
        assertTrue(ready.canStop() && ready.canRestart() && ready.canOpenShell());

        TrayMenuModel.Entry stopped = TrayMenuModel.entry(item("cache", 6379, InstanceState.STOPPED));
        assertTrue(stopped.canStart());
        assertFalse(stopped.canStop() || stopped.canRestart() || stopped.canOpenShell());

        TrayMenuModel.Entry missing = TrayMenuModel.entry(item("cache", 6379, InstanceState.MISSING));
        assertTrue(missing.canStart() && missing.recreate(), "a missing container is recreated");
        assertFalse(stopped.recreate());

        TrayMenuModel.Entry pulling = TrayMenuModel.entry(item("cache", 6379, InstanceState.PULLING));
        assertFalse(pulling.canStart() || pulling.canStop() || pulling.canRestart(), "nothing to do while it is being made");
    }

    @Test
    void theIconShowsRunningOrAttention() {
        assertEquals(TrayMenuModel.Look.IDLE, TrayMenuModel.look(List.of()));
        assertEquals(TrayMenuModel.Look.IDLE, TrayMenuModel.look(List.of(item("a", 1, InstanceState.STOPPED))));
        assertEquals(TrayMenuModel.Look.RUNNING, TrayMenuModel.look(List.of(item("a", 1, InstanceState.STOPPED),
                item("b", 2, InstanceState.READY))));
        assertEquals(TrayMenuModel.Look.ATTENTION, TrayMenuModel.look(List.of(item("a", 1, InstanceState.ERROR),
                item("b", 2, InstanceState.READY))));
        assertEquals("dbdock: 1 of 2 running, a database needs attention", TrayMenuModel.tooltip(List.of(
                item("a", 1, InstanceState.ERROR), item("b", 2, InstanceState.READY))));
    }

    @Test
    void whileDockerIsDownTheMenuSaysSoAndOffersNoActions() {
        String problem = "Docker is not running or cannot be reached (tried unix:///var/run/docker.sock). Start Docker and dbdock reconnects.";
        List<InstanceItem> items = List.of(item("cache", 6379, InstanceState.READY), item("db", 5432, InstanceState.STOPPED));
        assertEquals("Docker is not running or cannot be reached", TrayMenuModel.dockerHeadline(problem));
        assertEquals("Docker does not answer", TrayMenuModel.dockerHeadline("Docker does not answer."));
        assertEquals("dbdock: Docker is not running or cannot be reached", TrayMenuModel.tooltip(items, problem));
        assertEquals(TrayMenuModel.Look.ATTENTION, TrayMenuModel.look(items, problem));
        for (TrayMenuModel.Entry e : TrayMenuModel.entries(items, problem)) {
            assertFalse(e.canStart() || e.canStop() || e.canRestart() || e.canOpenShell(), e.title());
        }
        assertEquals("Ready \u00b7 cache \u00b7 Redis \u00b7 6379", TrayMenuModel.entries(items, problem).get(0).title(),
                "the last known state stays visible");

        assertEquals(TrayMenuModel.entries(items), TrayMenuModel.entries(items, ""), "Docker answering changes nothing");
        assertEquals(TrayMenuModel.Look.RUNNING, TrayMenuModel.look(items, ""));
        assertEquals("dbdock: 1 of 2 running", TrayMenuModel.tooltip(items, ""));
    }
}
