package io.dbdock.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the FX thread takes to run a tiny task posted every 20 ms: a long answer
 * means something blocked it (Docker or file I/O on the FX thread shows up here).
 */
final class FxWatchdog implements AutoCloseable {
    private final AtomicLong maxMs = new AtomicLong();
    private final List<Long> slow = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;

    FxWatchdog(long slowMs) {
        thread = new Thread(() -> {
            while (running) {
                long posted = System.nanoTime();
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(done::countDown);
                try {
                    done.await();
                    long ms = (System.nanoTime() - posted) / 1_000_000;
                    maxMs.accumulateAndGet(ms, Math::max);
                    if (ms > slowMs) {
                        synchronized (slow) {
                            slow.add(ms);
                        }
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    long maxMs() {
        return maxMs.get();
    }

    List<Long> slowPauses() {
        synchronized (slow) {
            return List.copyOf(slow);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
