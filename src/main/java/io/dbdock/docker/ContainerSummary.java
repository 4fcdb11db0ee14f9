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

    /** From the list call's fields: the name is the first of Docker's names ("/dbdock-app"), without its slash; else the id. */
    static ContainerSummary of(String id, String[] names, String state, String status, Map<String, String> labels) {
        String name = names == null || names.length == 0 ? id : names[0].replaceFirst("^/", "");
        return new ContainerSummary(id, name, state, status, labels);
    }

    public String label(String key) {
        return labels.get(key);
    }

    public OptionalInt exitCode() {
        Matcher m = EXIT_CODE.matcher(status == null ? "" : status);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
