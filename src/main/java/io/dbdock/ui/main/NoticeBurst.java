package io.dbdock.ui.main;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a burst of state notices (Docker restarted, a script stopped forty containers) from
 * becoming forty toasts or balloons: the first few in a window are shown one by one, the rest are
 * held and told as one summary when the window ends.
 */
final class NoticeBurst {
    static final int SHOWN_PER_WINDOW = 4;
    static final long WINDOW_MS = 2000;

    private final List<MainViewModel.Notice> held = new ArrayList<>();
    /** When the notices of the last window were shown: a burst is more of them than SHOWN_PER_WINDOW. */
    private final java.util.ArrayDeque<Long> recent = new java.util.ArrayDeque<>();
    private long lastOffer = Long.MIN_VALUE;
    private boolean bursting;

    /**
     * The notice to show now, or empty when it is held for the summary. A burst begins when more
     * than {@link #SHOWN_PER_WINDOW} arrive within {@link #WINDOW_MS} and lasts until a quiet
     * window; notices spread out (a user starting and stopping one instance after another) are
     * all told.
     */
    Optional<MainViewModel.Notice> offer(MainViewModel.Notice notice, long nowMs) {
        if (lastOffer == Long.MIN_VALUE || nowMs - lastOffer >= WINDOW_MS) {
            bursting = false;
        }
        lastOffer = nowMs;
        while (!recent.isEmpty() && nowMs - recent.peekFirst() >= WINDOW_MS) {
            recent.removeFirst();
        }
        if (!bursting && held.isEmpty() && recent.size() < SHOWN_PER_WINDOW) {
            recent.addLast(nowMs);
            return Optional.of(notice);
        }
        bursting = true;
        held.add(notice);
        return Optional.empty();
    }

    boolean holding() {
        return !held.isEmpty();
    }

    /** One notice for everything held so far ("12 more instances changed: 11 stopped outside dbdock, 1 failed ..."). */
    Optional<MainViewModel.Notice> summary() {
        if (held.isEmpty()) {
            return Optional.empty();
        }
        long stopped = held.stream().filter(n -> n.text().endsWith(" stopped outside dbdock.")).count();
        long ready = held.stream().filter(n -> n.text().contains(" is ready on port ")).count();
        long failed = held.stream().filter(n -> n.text().contains(" failed")).count();
        long removed = held.stream().filter(n -> n.text().contains("was removed outside dbdock")).count();
        List<String> parts = new ArrayList<>();
        if (ready > 0) {
            parts.add(ready + " ready");
        }
        if (stopped > 0) {
            parts.add(stopped + " stopped outside dbdock");
        }
        if (removed > 0) {
            parts.add(removed + " removed outside dbdock");
        }
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        long other = held.size() - ready - stopped - removed - failed;
        if (other > 0) {
            parts.add(other + " other");
        }
        boolean error = held.stream().anyMatch(MainViewModel.Notice::error);
        String text = held.size() == 1 ? held.get(0).text()
                : held.size() + " more instances changed: " + String.join(", ", parts) + ". The list shows each one.";
        held.clear();
        return Optional.of(new MainViewModel.Notice(text, error));
    }
}
