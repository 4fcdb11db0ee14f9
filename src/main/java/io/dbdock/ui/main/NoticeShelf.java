package io.dbdock.ui.main;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Which notice the status bar shows (the window draws it, and runs the 5 s of news): the newest
 * one; a failure is kept, with the two before it, until it is dismissed or its fix taken, and
 * shows again when later news has had its time.
 */
final class NoticeShelf {
    private static final int KEPT_FAILURES = 3;
    private final Deque<MainViewModel.Notice> failures = new ArrayDeque<>();
    private MainViewModel.Notice shown;
    private int count;

    /** A new notice, shown now; the return value is what to draw. */
    MainViewModel.Notice add(MainViewModel.Notice notice) {
        if (notice.error()) {
            failures.remove(notice);
            failures.addFirst(notice);
            while (failures.size() > KEPT_FAILURES) {
                failures.removeLast();
            }
        }
        count++;
        return shown = notice;
    }

    /** The news shown had its time: back to the newest failure not dealt with (null: nothing to show). */
    MainViewModel.Notice newsEnded() {
        return shown = failures.peekFirst();
    }

    /** The notice shown was closed, or its fix taken: it goes, the newest other failure shows. */
    MainViewModel.Notice dismissShown() {
        if (shown != null) {
            failures.remove(shown);
        }
        return shown = failures.peekFirst();
    }

    MainViewModel.Notice shown() {
        return shown;
    }

    /** How many notices were shown so far (tests tell with it which channel told the user). */
    int count() {
        return count;
    }
}
