package io.dbdock.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds the per-layer messages of an image pull into one percentage. Layers whose size is not
 * yet known (total missing or -1) count once they report one; finished layers count as whole.
 */
public final class PullProgress {
    private record Layer(long current, long total, boolean done) {
    }

    private final Map<String, Layer> layers = new LinkedHashMap<>();

    /** Feeds one message; returns the overall percentage (0-100). */
    public synchronized int update(String layerId, String status, Long current, Long total) {
        if (layerId != null && !layerId.isBlank()) {
            Layer old = layers.getOrDefault(layerId, new Layer(0, -1, false));
            String s = status == null ? "" : status;
            boolean done = s.startsWith("Pull complete") || s.startsWith("Already exists") || old.done;
            long t = total != null && total > 0 ? total : old.total;
            // Extracting reports the same byte count again; downloaded bytes are what we show.
            long c = s.startsWith("Downloading") && current != null ? current : old.current;
            if ((s.startsWith("Download complete") || s.startsWith("Verifying") || s.startsWith("Extracting")) && t > 0) {
                c = t;
            }
            layers.put(layerId, new Layer(c, t, done));
        }
        return percent();
    }

    public synchronized int percent() {
        long total = 0;
        long current = 0;
        boolean any = false;
        for (Layer l : layers.values()) {
            if (l.total > 0) {
                any = true;
                total += l.total;
                current += l.done ? l.total : Math.min(l.current, l.total);
            }
        }
        if (!any) {
            return layers.isEmpty() || layers.values().stream().noneMatch(Layer::done) ? 0 : 100;
        }
        boolean allDone = layers.values().stream().allMatch(Layer::done);
        return allDone ? 100 : (int) Math.min(99, current * 100 / total);
    }
}
