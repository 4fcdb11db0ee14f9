package io.dbdock.ui.details;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dbdock.model.ResourceSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTitlesTest {
    private static ResourceSample sample(double cpu, long memory) {
        return new ResourceSample(Instant.EPOCH, cpu, memory, 0);
    }

    @Test
    void titlesCarryTheNewestReading() {
        assertEquals("CPU (%)", ResourceTitles.cpu(List.of()));
        assertEquals("Memory (MB)", ResourceTitles.memory(List.of()));
        List<ResourceSample> samples = List.of(sample(80, 900L << 20), sample(0.43, 3_880_000));
        assertEquals("CPU: 0.4 %", ResourceTitles.cpu(samples));
        assertEquals("Memory: 3.7 MB", ResourceTitles.memory(samples));
        assertEquals("Memory: 900 MB", ResourceTitles.memory(samples.subList(0, 1)));
    }

    @Test
    void theTimeAxisCountsBackFromNow() {
        assertEquals("now", ResourceTitles.tick(0));
        assertEquals("-30 s", ResourceTitles.tick(-30.0));
        assertEquals("-5 s", ResourceTitles.tick(-4.6));
        assertEquals("-90 s", ResourceTitles.tick(-90));
        assertEquals("-3 min", ResourceTitles.tick(-180));
        assertArrayEquals(new double[] {-60, 10}, ResourceTitles.timeAxis(2), "two readings: the last minute, not 2 s stretched");
        assertArrayEquals(new double[] {-120, 20}, ResourceTitles.timeAxis(61));
        assertArrayEquals(new double[] {-300, 60}, ResourceTitles.timeAxis(290), "the five minutes kept");
    }
}
