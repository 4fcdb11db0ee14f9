package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.ui.common.FxCoalescer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Requests from many threads, however they interleave, become one task for the FX thread until
 * that task has run; after it ran, a new request schedules again. The timer and the "FX thread"
 * here are queues the test drains itself, so the outcome does not depend on timing.
 */
class FxCoalescerTest {
    private final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final BlockingQueue<Runnable> timerQueue = new LinkedBlockingQueue<>();
    private final FxCoalescer coalescer = new FxCoalescer(10, fxQueue::add, runs::incrementAndGet, (ms, task) -> timerQueue.add(task));

    @Test
    void aBurstOfRequestsBecomesOneRunAndALaterRequestRunsAgain() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            senders.execute(coalescer::request);
        }
        senders.shutdown();
        assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(1, timerQueue.size(), "one timer task for 400 requests");
        timerQueue.remove().run();
        Runnable task = fxQueue.remove();
        coalescer.request(); // still pending: coalesced into the task already queued
        assertEquals(0, timerQueue.size(), "one task for all 401 requests");
        assertEquals(0, fxQueue.size(), "one task for all 401 requests");
        task.run();
        assertEquals(1, runs.get());

        coalescer.request();
        timerQueue.remove().run();
        fxQueue.remove().run();
        assertEquals(2, runs.get(), "a request after the run runs it again");
    }

    @Test
    void nothingIsScheduledWithoutARequest() {
        assertEquals(0, timerQueue.size());
        assertEquals(0, fxQueue.size());
        assertEquals(0, runs.get());
    }
}
