package io.dbdock.docker;

import io.dbdock.model.ResourceSample;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceSampleTest {
    @Test
    void cpuIsTheShareOfElapsedCpuTimeTimesCpus() {
        // 50 ms of container CPU in 1 s of two-CPU system time (2 s of CPU): 2.5% of one CPU x 2 CPUs = 5%.
        ResourceSample s = ResourceSample.compute(Instant.EPOCH, 150_000_000L, 100_000_000L, 4_000_000_000L, 2_000_000_000L,
                2, 300L << 20, 100L << 20, 1L << 30);
        assertEquals(5.0, s.cpuPercent(), 1e-9);
        assertEquals(200L << 20, s.memoryBytes(), "page cache is not counted");
    }

    @Test
    void theFirstSampleWithoutAPreviousReadingIsZero() {
        assertEquals(0.0, ResourceSample.compute(Instant.EPOCH, 5, 0, 0, 0, 2, 10, 0, 0).cpuPercent());
    }
}
