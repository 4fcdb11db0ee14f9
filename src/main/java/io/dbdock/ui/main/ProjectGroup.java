package io.dbdock.ui.main;

import io.dbdock.instance.InstanceState;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A project's row in the instance list: its name, its folder, and how its databases are doing. */
public final class ProjectGroup implements InstanceRow {
    private final String name;
    private final StringProperty folder = new SimpleStringProperty("");
    private final StringProperty summary = new SimpleStringProperty("");

    ProjectGroup(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The folder with its dbdock.json, as its instances last saw it. */
    public Path folder() {
        return folder.get().isEmpty() ? null : Path.of(folder.get());
    }

    public ReadOnlyStringProperty folderProperty() {
        return folder;
    }

    /** "2 of 3 Ready", "Stopped", ... */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** Brought up to date from its members (on the FX thread). */
    void update(List<InstanceItem> members) {
        String where = members.stream().map(InstanceItem::record).filter(r -> r != null && r.project() != null)
                .map(r -> r.project().folder()).filter(f -> f != null).findFirst().orElse("");
        if (!where.equals(folder.get())) {
            folder.set(where);
        }
        String now = summary(members);
        if (!now.equals(summary.get())) {
            summary.set(now);
        }
    }

    static String summary(List<InstanceItem> members) {
        long ready = members.stream().filter(i -> i.state() == InstanceState.READY).count();
        if (ready == members.size()) {
            return members.size() == 1 ? "Ready" : "All " + members.size() + " Ready";
        }
        long stopped = members.stream().filter(i -> i.state() == InstanceState.STOPPED).count();
        if (stopped == members.size()) {
            return "Stopped";
        }
        return ready + " of " + members.size() + " Ready";
    }
}
