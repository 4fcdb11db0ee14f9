package io.dbdock.bench;

import java.util.Locale;

/**
 * One measured figure: printed as {@code NAME VALUE UNIT TARGET PASS|FAIL} and kept for results.json.
 * A figure without a target (reported only) always passes.
 */
public record Figure(String name, double value, String unit, String target, boolean pass, String note) {
    static Figure atMost(String name, double value, String unit, double limit, String note) {
        return new Figure(name, value, unit, "<=" + format(limit), value <= limit, note);
    }

    static Figure exactly(String name, double value, String unit, double wanted, String note) {
        return new Figure(name, value, unit, "=" + format(wanted), value == wanted, note);
    }

    static Figure reported(String name, double value, String unit, String note) {
        return new Figure(name, value, unit, "-", true, note);
    }

    String line() {
        return name + " " + format(value) + " " + unit + " " + target + " " + (pass ? "PASS" : "FAIL");
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.3f" : "%.1f", v);
    }
}
