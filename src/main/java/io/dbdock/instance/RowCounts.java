package io.dbdock.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Row (or key) counts per table, as the engines' count commands print them, and how two sets differ. */
final class RowCounts {
    private RowCounts() {
    }

    /** "name count" lines (space or tab before the count); other lines are ignored. */
    static Map<String, Long> parse(String output) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : output.split("\\R")) {
            String trimmed = line.strip();
            int gap = Math.max(trimmed.lastIndexOf(' '), trimmed.lastIndexOf('\t'));
            if (gap > 0) {
                try {
                    counts.put(trimmed.substring(0, gap).strip(), Long.parseLong(trimmed.substring(gap + 1)));
                } catch (NumberFormatException e) {
                    // Not a count line (a notice, a header): skip it.
                }
            }
        }
        return counts;
    }

    /** Each table of {@code before} whose count in {@code after} is different or missing; tables only in after do not count. */
    static List<String> differences(Map<String, Long> before, Map<String, Long> after) {
        List<String> differences = new ArrayList<>();
        before.forEach((table, n) -> {
            Long now = after.get(table);
            if (!n.equals(now)) {
                differences.add(table + ": " + n + " before, " + (now == null ? "missing" : String.valueOf(now)) + " after");
            }
        });
        return differences;
    }
}
