package io.dbdock.ui.tray;

import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.InstanceAction;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.main.InstanceItem;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What the tray menu shows, computed from the instance list without any AWT: one entry per
 * instance with the actions that make sense in its state, and how the icon should look.
 */
public final class TrayMenuModel {
    private static final EngineCatalog CATALOG = EngineCatalog.standard();

    private TrayMenuModel() {
    }

    /** One instance's submenu. recreate: its container was removed outside dbdock, so "Start" recreates it on the same data. */
    public record Entry(UUID id, String name, String title, boolean canStart, boolean canStop, boolean canRestart,
                        boolean canOpenShell, boolean recreate) {
    }

    /** How the icon looks: nothing runs, something runs, or something needs attention. */
    public enum Look {
        IDLE("no database is running"),
        RUNNING("databases are running"),
        ATTENTION("a database needs attention");

        private final String tooltip;

        Look(String tooltip) {
            this.tooltip = tooltip;
        }

        public String tooltip() {
            return tooltip;
        }
    }

    public static Entry entry(InstanceItem item) {
        InstanceState s = item.state();
        String engine = CATALOG.findWritten(item.engineProperty().get())
                .map(e -> e.shortName()).orElse(item.engineProperty().get());
        String title = s.label() + " \u00b7 " + item.nameProperty().get() + " \u00b7 " + engine + " \u00b7 " + port(item);
        return new Entry(item.id(), item.nameProperty().get(), title, s.allows(InstanceAction.START), s.allows(InstanceAction.STOP),
                s.allows(InstanceAction.RESTART), s.allows(InstanceAction.OPEN_SHELL), s == InstanceState.MISSING);
    }

    private static String port(InstanceItem item) {
        String address = item.addressProperty().get();
        return address == null ? "" : address.substring(address.lastIndexOf(':') + 1);
    }

    public static List<Entry> entries(Collection<InstanceItem> items) {
        return items.stream().map(TrayMenuModel::entry).toList();
    }

    /** While Docker cannot be reached nothing can be started or stopped; the entries only show what was last known. */
    public static List<Entry> entries(Collection<InstanceItem> items, String dockerProblem) {
        if (dockerProblem == null || dockerProblem.isBlank()) {
            return entries(items);
        }
        return items.stream().map(TrayMenuModel::entry)
                .map(e -> new Entry(e.id(), e.name(), e.title(), false, false, false, false, false)).toList();
    }

    /** The first words of Docker's problem, short enough for a menu line and a tooltip. */
    public static String dockerHeadline(String dockerProblem) {
        String text = dockerProblem.strip();
        int end = text.length();
        for (String stop : List.of(" (", ". ", "; ")) {
            int at = text.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return text.substring(0, end).replaceAll("\\.$", "");
    }

    public static Look look(Collection<InstanceItem> items, String dockerProblem) {
        return dockerProblem == null || dockerProblem.isBlank() ? look(items) : Look.ATTENTION;
    }

    public static String tooltip(Collection<InstanceItem> items, String dockerProblem) {
        return dockerProblem == null || dockerProblem.isBlank() ? tooltip(items) : "dbdock: " + dockerHeadline(dockerProblem);
    }

    public static Look look(Collection<InstanceItem> items) {
        boolean running = false;
        for (InstanceItem i : items) {
            InstanceState s = i.state();
            if (s == InstanceState.ERROR || s == InstanceState.UNHEALTHY || s == InstanceState.MISSING) {
                return Look.ATTENTION;
            }
            running |= s.isRunning();
        }
        return running ? Look.RUNNING : Look.IDLE;
    }

    /** The tooltip: the look and how many run. */
    public static String tooltip(Collection<InstanceItem> items) {
        long running = items.stream().filter(i -> i.state().isRunning()).count();
        return "dbdock: " + running + " of " + items.size() + " running"
                + (look(items) == Look.ATTENTION ? ", " + Look.ATTENTION.tooltip() : "");
    }
}
