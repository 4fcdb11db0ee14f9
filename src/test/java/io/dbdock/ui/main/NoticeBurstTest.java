package io.dbdock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeBurstTest {
    private final NoticeBurst burst = new NoticeBurst();

    private static MainViewModel.Notice stopped(int i) {
        return new MainViewModel.Notice("db" + i + " stopped outside dbdock.", true);
    }

    @Test
    void aFewChangesAreToldOneByOne() {
        for (int i = 0; i < NoticeBurst.SHOWN_PER_WINDOW; i++) {
            assertTrue(burst.offer(stopped(i), 1000 + i).isPresent());
        }
        assertFalse(burst.holding());
        assertTrue(burst.summary().isEmpty());
    }

    @Test
    void aBurstBecomesOneSummaryAndStaysQuietUntilItEnds() {
        List<MainViewModel.Notice> shown = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            burst.offer(stopped(i), 1000 + i * 10).ifPresent(shown::add);
        }
        burst.offer(new MainViewModel.Notice("db40 failed: exit code 1", true), 1500).ifPresent(shown::add);
        assertEquals(NoticeBurst.SHOWN_PER_WINDOW, shown.size());
        MainViewModel.Notice summary = burst.summary().orElseThrow();
        assertEquals("37 more instances changed: 36 stopped outside dbdock, 1 failed. The list shows each one.", summary.text());
        assertTrue(summary.error());
        assertTrue(burst.offer(stopped(41), 1600).isEmpty(), "still the same burst: held for the next summary");
        assertEquals("db41 stopped outside dbdock.", burst.summary().orElseThrow().text());
        assertTrue(burst.offer(stopped(42), 1600 + NoticeBurst.WINDOW_MS).isPresent(), "after a quiet window, told again");
    }

    @Test
    void noticesSpreadOutAreAllToldThoughTheyNeverLeaveAQuietWindow() {
        // One a second for a minute: never a quiet two seconds, never more than four in any two.
        for (int i = 0; i < 60; i++) {
            assertTrue(burst.offer(stopped(i), 1000 + i * 1000L).isPresent(), "notice " + i);
        }
        assertFalse(burst.holding());
    }
}
