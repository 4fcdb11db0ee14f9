package io.dbdock.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The harness's output form and statistics, without Docker. */
class FigureTest {
    @Test
    void linesHaveTheAgreedForm() {
        assertEquals("create_to_ready_redis_ratio 1.099 x <=1.100 PASS",
                Figure.atMost("create_to_ready_redis_ratio", 1.0993, "x", 1.10, "").line());
        assertEquals("first_frame_ratio 2.058 x <=1.250 FAIL", Figure.atMost("first_frame_ratio", 2.058, "x", 1.25, "").line());
        assertEquals("concurrent_creates_distinct_ports 49 ports =50 FAIL",
                Figure.exactly("concurrent_creates_distinct_ports", 49, "ports", 50, "").line());
        assertEquals("scale_rss 257.6 MB - PASS", Figure.reported("scale_rss", 257.61, "MB", "").line());
    }

    @Test
    void mediansAndPercentiles() {
        assertEquals(3.0, Stats.median(List.of(5, 1, 3)));
        assertEquals(2.5, Stats.median(List.of(4, 1, 3, 2)));
        assertEquals(99.0, Stats.percentile(IntStream.rangeClosed(1, 100).boxed().toList(), 99));
        assertEquals(7.0, Stats.max(List.of(7, 3, 5)));
    }
}
