package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.details.BackupsViewModel;
import io.dbdock.ui.main.InstanceItem;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Backups tab reads an instance's backups in one background task, and only while the tab is on screen. */
class BackupsViewModelTest {
    private final AtomicInteger reads = new AtomicInteger();
    // Counts the background work handed over without running it (there is no service here).
    private final BackupsViewModel vm = new BackupsViewModel(null, new BackgroundTasks(work -> reads.incrementAndGet(), Runnable::run),
            Runnable::run);

    private static InstanceItem item(String name, int port) {
        return new InstanceItem(new InstanceSnapshot(TestRecords.record(name, port), InstanceState.READY, "", -1));
    }

    @Test
    void selectingRowsWithTheTabClosedReadsNothingAndOpeningItReadsOnce() {
        InstanceItem a = item("a", 6379);
        InstanceItem b = item("b", 6380);
        vm.instanceProperty().set(a);
        vm.instanceProperty().set(b);
        assertEquals(0, reads.get(), "the tab is not shown");

        vm.activeProperty().set(true);
        assertEquals(1, reads.get(), "one task reads list, rollback and schedule together");
        vm.activeProperty().set(false);
        vm.activeProperty().set(true);
        assertEquals(1, reads.get(), "the same instance is not read again");

        vm.instanceProperty().set(a);
        assertEquals(2, reads.get(), "a new selection with the tab open is read");
        vm.activeProperty().set(false);
        vm.instanceProperty().set(b);
        vm.activeProperty().set(true);
        assertEquals(3, reads.get(), "opening the tab on another instance reads it");
    }

    /** A backup made elsewhere (the CLI, the schedule) reloads the open tab when it is the shown instance's, once per burst. */
    @Test
    void backupsChangedOnDiskReloadTheShownInstanceOnly() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Integer> readsSeen = new java.util.concurrent.LinkedBlockingQueue<>();
        BackupsViewModel watched = new BackupsViewModel(null, new BackgroundTasks(work -> readsSeen.add(1), Runnable::run), Runnable::run);
        InstanceItem a = item("a", 6379);
        watched.instanceProperty().set(a);
        watched.activeProperty().set(true);
        assertEquals(Integer.valueOf(1), readsSeen.poll(5, java.util.concurrent.TimeUnit.SECONDS), "opening the tab reads once");

        watched.backupsChanged("someone-else");
        watched.backupsChanged("a");
        watched.backupsChanged("a"); // the dump and its record beside it
        assertEquals(Integer.valueOf(1), readsSeen.poll(5, java.util.concurrent.TimeUnit.SECONDS), "a's backups changed: read again");
        watched.activeProperty().set(false);
        watched.backupsChanged("a");
        watched.activeProperty().set(true); // the same instance again: nothing new to read
        watched.instanceProperty().set(item("b", 6380));
        assertEquals(Integer.valueOf(1), readsSeen.poll(5, java.util.concurrent.TimeUnit.SECONDS), "b is read when selected");
        assertEquals(0, readsSeen.size(), "one read for the burst, none for a change while the tab was closed");
    }
}
