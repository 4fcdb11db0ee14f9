package io.dbdock.common;

import java.util.Locale;

/** Byte counts and rates in the units people read. */
public final class Sizes {
    private Sizes() {
    }

    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    public static String rate(long bytes, long millis) {
        return bytes(millis <= 0 ? bytes : bytes * 1000 / millis) + "/s";
    }
}
