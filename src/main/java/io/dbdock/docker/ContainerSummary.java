package io.dbdock.docker;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One managed container as the list call reports it.
 *
 * @param state  Docker's state word: created, running, paused, restarting, removing, exited, dead
 * @param status Docker's status text, e.g. "Exited (1) 3 seconds ago"
 */
public record ContainerSummary(String id, String name, String state, String status, Map<String, String> labels) {
    private static final Pattern EXIT_CODE = Pattern.compile("Exited \\((-?\\d+)\\)");

    public ContainerSummary {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public String label(String key) {
        return labels.get(key);
    }

    public OptionalInt exitCode() {
        Matcher m = EXIT_CODE.matcher(status == null ? "" : status);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
