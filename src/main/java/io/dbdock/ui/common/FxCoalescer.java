package io.dbdock.ui.common;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action on the FX thread a short while after the first of any number of requests, once.
 * Used instead of a repeating Timeline: a running animation keeps JavaFX rendering a frame
 * every 16 ms even when nothing changes, which costs an idle app CPU all day.
 */
public final class FxCoalescer {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dbdock-fx-coalescer");
        t.setDaemon(true);
        return t;
    });

    /** Runs a task after a delay (a shared daemon timer in the app; a queue the test drains in tests). */
    public interface Timer {
        void after(long delayMs, Runnable task);
    }

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final long delayMs;
    private final Executor fx;
    private final Runnable action;
    private final Timer timer;

    public FxCoalescer(long delayMs, Executor fx, Runnable action) {
        this(delayMs, fx, action, (ms, task) -> TIMER.schedule(task, ms, TimeUnit.MILLISECONDS));
    }

    public FxCoalescer(long delayMs, Executor fx, Runnable action, Timer timer) {
        this.delayMs = delayMs;
        this.fx = fx;
        this.action = action;
        this.timer = timer;
    }

    /** From any thread: the action runs once, delayMs from the first request since it last ran. */
    public void request() {
        if (scheduled.compareAndSet(false, true)) {
            timer.after(delayMs, () -> fx.execute(this::runNow));
        }
    }

    private void runNow() {
        scheduled.set(false);
        action.run();
    }
}
