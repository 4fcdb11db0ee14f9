package io.dbdock.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowCountsTest {
    @Test
    void countLinesOfEveryEngineAreRead() {
        assertEquals(Map.of("app.public.t", 1000L, "postgres.public.u", 0L),
                RowCounts.parse("app.public.t 1000\npostgres.public.u 0\n"));
        assertEquals(Map.of("app.t", 2L, "other db.x y", 5L), RowCounts.parse("app.t\t2\r\nother db.x y\t5\n"), "mysql -N -B, names with spaces");
        assertEquals(Map.of("db0", 3L), RowCounts.parse("db0 3\nNOTICE: something\n\n"));
    }

    @Test
    void aChangedOrMissingTableIsADifferenceAndANewOneIsNot() {
        Map<String, Long> before = Map.of("a", 1L, "b", 2L, "c", 3L);
        assertEquals(List.of(), RowCounts.differences(before, Map.of("a", 1L, "b", 2L, "c", 3L, "new", 9L)));
        List<String> found = RowCounts.differences(before, Map.of("a", 1L, "b", 5L));
        assertEquals(2, found.size());
        assertEquals(true, found.contains("b: 2 before, 5 after") && found.contains("c: 3 before, missing after"), found.toString());
    }
}
