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
                    if (!done.await(slowMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        stackOfFxThread();
                    }
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

    private final List<String> stacks = new ArrayList<>();

    /** Where the FX thread is when it is late: the first frames of its stack. */
    private void stackOfFxThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("JavaFX Application Thread")) {
                StringBuilder b = new StringBuilder();
                StackTraceElement[] st = t.getStackTrace();
                for (int i = 0; i < Math.min(40, st.length); i++) {
                    b.append("\n    at ").append(st[i]);
                }
                synchronized (stacks) {
                    stacks.add(b.toString());
                }
            }
        }
    }

    List<String> stacks() {
        synchronized (stacks) {
            return List.copyOf(stacks);
        }
    }

    /** Stacks of slow moments that show I/O (Docker, files, sockets) on the FX thread. */
    List<String> stacksWithIo() {
        return stacks().stream().filter(st -> st.contains("io.dbdock.docker.") || st.contains("io.dbdock.instance.InstanceService")
                || st.contains("io.dbdock.store.") || st.contains("sun.nio.fs.") || st.contains("java.io.FileInputStream")
                || st.contains("java.net.Socket") || st.contains("sun.nio.ch.")).toList();
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
