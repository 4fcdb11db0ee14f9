package io.dbdock.ui.main;

import io.dbdock.instance.InputRules;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import java.util.UUID;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of the instance list: observable, updated from the service's snapshots on the FX thread. */
public final class InstanceItem implements InstanceRow {
    private final UUID id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty engine = new SimpleStringProperty();
    private final StringProperty version = new SimpleStringProperty();
    private final StringProperty address = new SimpleStringProperty();
    /** The docker context of the engine it lives on ("" until dbdock has seen its container). */
    private final StringProperty context = new SimpleStringProperty("");
    private final StringProperty detail = new SimpleStringProperty();
    /** CPU and memory while running and followed (see ListResources); empty otherwise. */
    private final StringProperty resources = new SimpleStringProperty("");
    private final ObjectProperty<InstanceState> state = new SimpleObjectProperty<>(InstanceState.UNKNOWN);
    private final IntegerProperty progress = new SimpleIntegerProperty(-1);
    private final ObjectProperty<InstanceRecord> record = new SimpleObjectProperty<>();
    /** The last action's failure: the row's detail until the next action or another state (a toast alone fades). */
    private String failure = "";
    private InstanceState failedIn;
    private String serviceDetail = "";

    /** With the address as recorded (an instance reached without a tunnel). */
    public InstanceItem(InstanceSnapshot snapshot) {
        this(snapshot, InputRules.recordedAddress(snapshot.record()));
    }

    /** {@code address}: host:port as the service shows it ({@code InstanceService.address}: a tunnel's port where one carries it). */
    public InstanceItem(InstanceSnapshot snapshot, String address) {
        this.id = snapshot.record().id();
        update(snapshot, address);
    }

    public void update(InstanceSnapshot s) {
        update(s, InputRules.recordedAddress(s.record()));
    }

    public void update(InstanceSnapshot s, String shownAddress) {
        // Only what changed: every change re-renders cells, and a reconcile repeats equal values for every row.
        InstanceRecord r = s.record();
        setIfChanged(record, r);
        setIfChanged(name, r.name());
        setIfChanged(engine, r.engineWithVariant());
        setIfChanged(version, r.version());
        setIfChanged(address, shownAddress);
        setIfChanged(context, r.place() == null ? "" : r.place().context());
        if (failedIn != null && s.state() != failedIn) {
            failure = "";
            failedIn = null;
        }
        serviceDetail = s.detail();
        setIfChanged(detail, shownDetail());
        if (progress.get() != s.progress()) {
            progress.set(s.progress());
        }
        setIfChanged(state, s.state());
    }

    /** An action on this row failed: its reason stays on the row while the state stays as it is. */
    public void failed(String why) {
        failure = why;
        failedIn = state.get();
        setIfChanged(detail, shownDetail());
    }

    /** An action on this row begins: an earlier failure no longer describes it. */
    public void actionStarted() {
        failure = "";
        failedIn = null;
        setIfChanged(detail, shownDetail());
    }

    private String shownDetail() {
        return serviceDetail.isEmpty() ? failure : serviceDetail;
    }

    private static <T> void setIfChanged(javafx.beans.property.Property<T> property, T value) {
        if (!java.util.Objects.equals(property.getValue(), value)) {
            property.setValue(value);
        }
    }

    public UUID id() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty engineProperty() {
        return engine;
    }

    public StringProperty versionProperty() {
        return version;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty contextProperty() {
        return context;
    }

    public StringProperty detailProperty() {
        return detail;
    }

    public StringProperty resourcesProperty() {
        return resources;
    }

    void setResources(String text) {
        setIfChanged(resources, text);
    }

    public ObjectProperty<InstanceState> stateProperty() {
        return state;
    }

    public IntegerProperty progressProperty() {
        return progress;
    }

    public ReadOnlyObjectProperty<InstanceRecord> recordProperty() {
        return record;
    }

    public InstanceRecord record() {
        return record.get();
    }

    public InstanceState state() {
        return state.get();
    }
}
