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
 * that task has run; after it ran, a new request schedules again. The "FX thread" here is a
 * queue the test drains itself, so the outcome does not depend on timing.
 */
class FxCoalescerTest {
    private final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final FxCoalescer coalescer = new FxCoalescer(10, fxQueue::add, runs::incrementAndGet);

    @Test
    void aBurstOfRequestsBecomesOneRunAndALaterRequestRunsAgain() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            senders.execute(coalescer::request);
        }
        senders.shutdown();
        assertTrue(senders.awaitTermination(5, TimeUnit.SECONDS));
        Runnable task = fxQueue.poll(5, TimeUnit.SECONDS);
        assertTrue(task != null, "the action was handed to the FX thread");
        coalescer.request(); // still pending: coalesced into the task already queued
        Thread.sleep(100);
        assertEquals(0, fxQueue.size(), "one task for all 401 requests");
        task.run();
        assertEquals(1, runs.get());

        coalescer.request();
        fxQueue.poll(5, TimeUnit.SECONDS).run();
        assertEquals(2, runs.get(), "a request after the run runs it again");
    }

    @Test
    void nothingIsScheduledWithoutARequest() throws Exception {
        assertEquals(null, fxQueue.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(0, runs.get());
    }
}
