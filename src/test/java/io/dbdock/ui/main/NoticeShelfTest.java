package io.dbdock.ui.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NoticeShelfTest {
    private static MainViewModel.Notice failure(String text) {
        return new MainViewModel.Notice(text, true);
    }

    private static MainViewModel.Notice news(String text) {
        return new MainViewModel.Notice(text, false);
    }

    @Test
    void aFailureComesBackAfterNewsAndStaysUntilDismissed() {
        NoticeShelf shelf = new NoticeShelf();
        MainViewModel.Notice port = failure("'db' cannot start");
        assertEquals(port, shelf.add(port));
        assertEquals(news("cache is ready"), shelf.add(news("cache is ready")), "the newest shows");
        assertEquals(port, shelf.newsEnded(), "the failure not dealt with shows again");
        assertNull(shelf.dismissShown(), "dismissed, nothing is left");
        assertNull(shelf.newsEnded());
        assertEquals(2, shelf.count());
    }

    @Test
    void failuresComeBackNewestFirstAndOnlyTheLastThreeAreKept() {
        NoticeShelf shelf = new NoticeShelf();
        for (String f : new String[] {"a", "b", "c", "d"}) {
            shelf.add(failure(f));
        }
        assertEquals(failure("c"), shelf.dismissShown());
        assertEquals(failure("b"), shelf.dismissShown());
        assertNull(shelf.dismissShown(), "the oldest of four was let go");
    }

    @Test
    void theSameFailureTwiceIsKeptOnceAndDismissingNewsLeavesTheFailure() {
        NoticeShelf shelf = new NoticeShelf();
        shelf.add(failure("x"));
        shelf.add(failure("x"));
        shelf.add(news("done"));
        assertEquals(failure("x"), shelf.dismissShown(), "closing the news shows the failure");
        assertNull(shelf.dismissShown(), "kept once");
    }
}
