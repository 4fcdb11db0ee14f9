package io.dbdock.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

/** A kept connection the other end closed is asked again once; every other failure is not. */
class StaleConnectionTest {
    @Test
    void aRequestThatMetAClosedKeptConnectionIsSentOnceMore() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = DockerSession.againIfStale(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RuntimeException(new NoHttpResponseException("localhost:2375 failed to respond"));
            }
            return "inspected";
        }, "inspect");
        assertEquals("inspected", answer);
        assertEquals(2, attempts.get());
    }

    @Test
    void otherFailuresAndASecondStaleAnswerAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(RuntimeException.class, () -> DockerSession.againIfStale(() -> {
            attempts.incrementAndGet();
            throw new RuntimeException(new java.io.IOException("Connection refused"));
        }, "inspect"));
        assertEquals(1, attempts.get(), "a refused connection is the engine's answer, not a stale one");
        attempts.set(0);
        assertThrows(RuntimeException.class, () -> DockerSession.againIfStale(() -> {
            attempts.incrementAndGet();
            throw new RuntimeException(new NoHttpResponseException("failed to respond"));
        }, "inspect"));
        assertEquals(2, attempts.get(), "once more, not forever");
    }
}
