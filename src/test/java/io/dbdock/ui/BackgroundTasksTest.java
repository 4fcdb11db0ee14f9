package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dbdock.ui.common.BackgroundTasks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Work asked for while the window closes (rows going away still move the selection) is dropped, not thrown onto the FX thread. */
class BackgroundTasksTest {
    @Test
    void workAskedForAfterCloseIsDroppedQuietly() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BackgroundTasks tasks = new BackgroundTasks(Runnable::run);
        tasks.close();
        tasks.run("show an instance", () -> "done", seen::add, seen::add);
        assertEquals(List.of(), seen);
    }
}
