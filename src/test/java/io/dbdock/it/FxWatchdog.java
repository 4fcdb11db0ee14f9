package io.dbdock.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Watches the FX thread while a test drives the window, two ways:
 * <ul>
 * <li>blocked: its stack is sampled every 5 ms; a sample counts when the thread waits (lock,
 * sleep, future, I/O) with dbdock code on its stack, or sits in file or socket I/O. The longest
 * run of such samples is how long dbdock kept the FX thread from working.</li>
 * <li>late: a tiny task posted every 20 ms; how long it took to run is the pause a user sees,
 * JavaFX's own CSS and layout work included.</li>
 * </ul>
 */
final class FxWatchdog implements AutoCloseable {
    private static final long SAMPLE_MS = 5;
    private final long lateMs;
    private final AtomicLong maxLateMs = new AtomicLong();
    private final List<Long> late = new ArrayList<>();
    private final AtomicLong maxBlockedMs = new AtomicLong();
    private final List<String> blockedStacks = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread poster;
    private final Thread sampler;

    FxWatchdog(long lateMs) {
        this.lateMs = lateMs;
        poster = daemon("fx-watchdog-late", this::postLoop);
        sampler = daemon("fx-watchdog-blocked", this::sampleLoop);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void postLoop() {
        while (running) {
            long posted = System.nanoTime();
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(done::countDown);
            try {
                done.await();
                long ms = (System.nanoTime() - posted) / 1_000_000;
                maxLateMs.accumulateAndGet(ms, Math::max);
                if (ms > lateMs) {
                    synchronized (late) {
                        late.add(ms);
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleLoop() {
        Thread fx = null;
        long runStart = -1;
        String firstStack = null;
        while (running) {
            if (fx == null) {
                fx = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("JavaFX Application Thread")).findFirst().orElse(null);
            }
            if (fx != null) {
                StackTraceElement[] stack = fx.getStackTrace();
                long now = System.nanoTime();
                if (blockedByDbdock(fx.getState(), stack)) {
                    if (runStart < 0) {
                        runStart = now;
                        firstStack = render(stack);
                    }
                    long ms = (now - runStart) / 1_000_000;
                    if (ms > maxBlockedMs.get()) {
                        maxBlockedMs.set(ms);
                    }
                    if (ms > lateMs && firstStack != null) {
                        synchronized (blockedStacks) {
                            blockedStacks.add(ms + " ms" + firstStack);
                        }
                        firstStack = null; // one report per blocked stretch
                    }
                } else {
                    runStart = -1;
                }
            }
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** True when the FX thread is waiting for something dbdock asked for, or doing I/O. */
    static boolean blockedByDbdock(Thread.State state, StackTraceElement[] stack) {
        boolean io = false;
        boolean dbdock = false;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (c.startsWith("java.net.") || c.startsWith("sun.nio.ch.") || c.startsWith("sun.nio.fs.")
                    || c.equals("java.io.FileInputStream") || c.equals("java.io.FileOutputStream") || c.equals("java.io.RandomAccessFile")
                    || c.startsWith("com.github.dockerjava.") || c.startsWith("io.dbdock.docker.") || c.startsWith("io.dbdock.store.")) {
                io = true;
            }
            if (c.startsWith("io.dbdock.")) {
                dbdock = true;
            }
        }
        return io || (dbdock && state != Thread.State.RUNNABLE);
    }

    private static String render(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(30, stack.length); i++) {
            b.append("\n    at ").append(stack[i]);
        }
        return b.toString();
    }

    /** The longest stretch dbdock kept the FX thread waiting or in I/O. */
    long maxBlockedMs() {
        return maxBlockedMs.get();
    }

    /** Where the FX thread was at the start of each blocked stretch longer than the limit. */
    List<String> blockedStacks() {
        synchronized (blockedStacks) {
            return List.copyOf(blockedStacks);
        }
    }

    long maxLateMs() {
        return maxLateMs.get();
    }

    List<Long> latePauses() {
        synchronized (late) {
            return List.copyOf(late);
        }
    }

    /** Forgets what was seen so far (after the self-check). */
    void reset() {
        maxBlockedMs.set(0);
        maxLateMs.set(0);
        synchronized (blockedStacks) {
            blockedStacks.clear();
        }
        synchronized (late) {
            late.clear();
        }
    }

    @Override
    public void close() {
        running = false;
        poster.interrupt();
        sampler.interrupt();
        try {
            poster.join(1000);
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Proves the watchdog sees a block: the FX thread sleeps in test code for 150 ms (a task posted during it waits 100+ ms). */
    void selfCheck() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        done.await(5, TimeUnit.SECONDS);
        Thread.sleep(50);
        if (maxBlockedMs() < 100 || maxLateMs() < 100) {
            throw new AssertionError("the FX watchdog missed a 150 ms block (saw " + maxBlockedMs() + " ms blocked, "
                    + maxLateMs() + " ms late)");
        }
        reset();
    }
}
