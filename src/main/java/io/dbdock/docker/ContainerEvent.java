package io.dbdock.docker;

import java.util.Map;

/** A container event from the engine's event stream (start, die, stop, destroy, ...). */
public record ContainerEvent(String containerId, String action, Map<String, String> labels, long timeNanos) {
    public String label(String key) {
        return labels == null ? null : labels.get(key);
    }
}
