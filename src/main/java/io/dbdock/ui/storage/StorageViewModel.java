package io.dbdock.ui.storage;

import io.dbdock.common.Sizes;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.StorageEntry;
import io.dbdock.ui.common.BackgroundTasks;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The storage overview for the window: listed and removed in the background, shown on the FX thread. */
public final class StorageViewModel {
    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final ObservableList<StorageEntry> entries = FXCollections.observableArrayList();
    private final StringProperty total = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty failed = new SimpleBooleanProperty(false);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);

    public StorageViewModel(InstanceService service, BackgroundTasks tasks) {
        this.service = service;
        this.tasks = tasks;
    }

    public ObservableList<StorageEntry> entries() {
        return entries;
    }

    public StringProperty totalProperty() {
        return total;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty failedProperty() {
        return failed;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What may be removed: not the storage an instance runs on, and nothing a running container uses. */
    public static boolean removable(StorageEntry e) {
        return e != null && !e.running() && e.role() != StorageEntry.Role.IN_USE;
    }

    public void reload() {
        reload("", false);
    }

    /** Lists again; once the list is there, the status shows {@code message} (the result of what was just done). */
    private void reload(String message, boolean error) {
        busy.set(true);
        status.set("Measuring…");
        failed.set(false);
        tasks.run("list the storage", service::storage, list -> {
            busy.set(false);
            entries.setAll(list);
            long bytes = list.stream().mapToLong(e -> Math.max(0, e.bytes())).sum();
            total.set("Total: " + Sizes.bytes(bytes) + " in " + list.size() + (list.size() == 1 ? " place" : " places"));
            status.set(message);
            failed.set(error);
        }, problem -> {
            busy.set(false);
            status.set(problem);
            failed.set(true);
        });
    }

    public List<StorageEntry> orphans() {
        return entries.stream().filter(e -> e.role() == StorageEntry.Role.ORPHANED).toList();
    }

    /** Removes the given entries one after the other, then lists again. */
    public void remove(List<StorageEntry> chosen) {
        if (chosen.isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        failed.set(false);
        status.set("Removing…");
        tasks.run("remove storage", () -> {
            long freed = 0;
            for (StorageEntry e : chosen) {
                service.removeStorage(e);
                freed += Math.max(0, e.bytes());
            }
            return freed;
        }, freed -> reload("Removed " + (chosen.size() == 1 ? chosen.get(0).name() : chosen.size() + " places")
                + ", " + Sizes.bytes(freed) + " freed.", false), problem -> reload(problem, true));
    }
}
