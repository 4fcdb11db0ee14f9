package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.ui.details.DetailsViewModel;
import org.junit.jupiter.api.Test;

/** The log panel's buffer: bounded, searchable, and it holds lines back while paused. */
class DetailsViewModelTest {
    private final DetailsViewModel vm = new DetailsViewModel(null, null);

    private void arrive(String... lines) {
        for (String l : lines) {
            vm.logLineArrived(l);
        }
    }

    @Test
    void keepsOnlyTheNewestLines() throws Exception {
        for (int i = 0; i < DetailsViewModel.MAX_LOG_LINES + 500; i++) {
            arrive("line " + i);
        }
        vm.drainLogs();
        assertEquals(DetailsViewModel.MAX_LOG_LINES, vm.logLines().size());
        assertEquals("line 500", vm.logLines().get(0));
        assertEquals("line " + (DetailsViewModel.MAX_LOG_LINES + 499), vm.logLines().get(vm.logLines().size() - 1));
    }

    @Test
    void searchFiltersCaseInsensitivelyAndCopiesWhatIsShown() throws Exception {
        arrive("LOG: ready to accept connections", "LOG: checkpoint starting", "ERROR: relation does not exist");
        vm.drainLogs();
        vm.searchProperty().set("Ready");
        assertEquals(1, vm.visibleLines().size());
        assertEquals("LOG: ready to accept connections", vm.visibleLogText());
        vm.searchProperty().set("");
        assertEquals(3, vm.visibleLines().size());
    }

    @Test
    void pausingHoldsLinesBackUntilResumed() throws Exception {
        vm.pausedProperty().set(true);
        arrive("a", "b");
        vm.drainLogs();
        assertTrue(vm.logLines().isEmpty());
        vm.pausedProperty().set(false);
        vm.drainLogs();
        assertEquals(2, vm.logLines().size());
    }
}
