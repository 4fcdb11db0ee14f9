package io.dbdock.ui.details;

import io.dbdock.model.ResourceSample;
import java.util.List;
import java.util.Locale;

/** The resource charts' titles carry the newest reading, and their time axis counts back from now. */
final class ResourceTitles {
    private ResourceTitles() {
    }

    static String cpu(List<ResourceSample> samples) {
        return samples.isEmpty() ? "CPU (%)"
                : String.format(Locale.ROOT, "CPU: %.1f %%", samples.get(samples.size() - 1).cpuPercent());
    }

    static String memory(List<ResourceSample> samples) {
        if (samples.isEmpty()) {
            return "Memory (MB)";
        }
        double mb = samples.get(samples.size() - 1).memoryBytes() / (1024.0 * 1024.0);
        return String.format(Locale.ROOT, mb >= 100 ? "Memory: %.0f MB" : "Memory: %.1f MB", mb);
    }

    /** A tick of the time axis, in seconds relative to the newest reading: "now", "-30 s", "-3 min". */
    static String tick(Number secondsFromNow) {
        long s = Math.round(secondsFromNow.doubleValue());
        if (s == 0) {
            return "now";
        }
        return Math.abs(s) >= 120 && s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    /**
     * The time axis for readings spanning {@code spanSeconds}: {lower bound, tick unit}. At least the
     * last minute, so two readings are not stretched over the whole chart with the same tick repeated.
     */
    static double[] timeAxis(long spanSeconds) {
        if (spanSeconds <= 60) {
            return new double[] {-60, 10};
        }
        if (spanSeconds <= 120) {
            return new double[] {-120, 20};
        }
        return new double[] {-60 * Math.ceil(spanSeconds / 60.0), 60};
    }
}
