package io.dbdock.ui.details;

import io.dbdock.instance.InputRules;
import io.dbdock.instance.InstanceChanges;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.main.InstanceItem;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The selected instance's settings: name, port, network and auto-start. A new port or network
 * needs the container recreated on the same data, which the view says before applying.
 */
public final class SettingsViewModel {
    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final ObjectProperty<InstanceItem> instance = new SimpleObjectProperty<>();
    private final ObjectProperty<InstanceRecord> original = new SimpleObjectProperty<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty nameError = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final StringProperty portError = new SimpleStringProperty("");
    private final BooleanProperty otherMachines = new SimpleBooleanProperty();
    private final BooleanProperty autoStart = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty result = new SimpleStringProperty("");
    private final BooleanBinding changed;
    private final BooleanBinding needsRecreate;
    private final BooleanBinding canApply;

    public SettingsViewModel(InstanceService service, BackgroundTasks tasks) {
        this.service = service;
        this.tasks = tasks;
        instance.addListener((o, was, now) -> load(now == null ? null : now.record()));
        name.addListener((o, was, now) -> nameError.set(orEmpty(InputRules.nameProblem(now))));
        port.addListener((o, was, now) -> portError.set(portProblem(now)));
        needsRecreate = Bindings.createBooleanBinding(() -> original.get() != null
                        && (!port.get().trim().equals(String.valueOf(original.get().port()))
                        || otherMachines.get() != !"127.0.0.1".equals(original.get().bindAddress())),
                original, port, otherMachines);
        changed = Bindings.createBooleanBinding(() -> original.get() != null && (needsRecreate.get()
                        || !name.get().equals(original.get().name()) || autoStart.get() != original.get().autoStart()),
                original, name, autoStart, needsRecreate);
        canApply = changed.and(nameError.isEmpty()).and(portError.isEmpty()).and(busy.not());
    }

    private void load(InstanceRecord r) {
        original.set(r);
        result.set("");
        if (r == null) {
            return;
        }
        name.set(r.name());
        port.set(String.valueOf(r.port()));
        otherMachines.set(!"127.0.0.1".equals(r.bindAddress()));
        autoStart.set(r.autoStart());
    }

    private static String portProblem(String text) {
        return orEmpty(InputRules.portTextProblem(text));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Applies what changed, in the background; the list shows the restart while it happens. */
    public void apply() {
        InstanceRecord was = original.get();
        if (was == null || !canApply.get()) {
            return;
        }
        String id = was.id().toString();
        String newName = name.get();
        int newPort = Integer.parseInt(port.get().trim());
        String newBind = otherMachines.get() ? "0.0.0.0" : "127.0.0.1";
        boolean newAutoStart = autoStart.get();
        busy.set(true);
        result.set("Applying…");
        InstanceChanges changes = InstanceChanges.none();
        if (!newName.equals(was.name())) {
            changes = changes.withName(newName);
        }
        if (newAutoStart != was.autoStart()) {
            changes = changes.withAutoStart(newAutoStart);
        }
        if (!newBind.equals(was.bindAddress())) {
            changes = changes.withBindAddress(newBind);
        }
        if (newPort != was.port()) {
            changes = changes.withPort(newPort);
        }
        InstanceChanges all = changes;
        // One operation: all checked first, the container recreated at most once; refused, nothing changes.
        tasks.run("change the settings of " + was.name(), () -> service.change(id, all, true).record(), now -> {
            busy.set(false);
            load(now);
            result.set("Saved.");
        }, problem -> {
            busy.set(false);
            result.set(problem);
        });
    }

    public void revert() {
        load(original.get());
    }

    public ObjectProperty<InstanceItem> instanceProperty() {
        return instance;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty nameErrorProperty() {
        return nameError;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty portErrorProperty() {
        return portError;
    }

    public BooleanProperty otherMachinesProperty() {
        return otherMachines;
    }

    public BooleanProperty autoStartProperty() {
        return autoStart;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public BooleanBinding changedProperty() {
        return changed;
    }

    public BooleanBinding needsRecreateProperty() {
        return needsRecreate;
    }

    public BooleanBinding canApplyProperty() {
        return canApply;
    }
}
