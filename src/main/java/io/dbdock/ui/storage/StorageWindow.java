package io.dbdock.ui.storage;

import io.dbdock.common.Sizes;
import io.dbdock.model.StorageEntry;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A window listing every storage dbdock manages, with sizes and a total; removes what is no longer used. */
public final class StorageWindow {
    private final StorageViewModel vm;
    private final Stage stage = new Stage();
    private final TableView<StorageEntry> table = new TableView<>();

    public StorageWindow(StorageViewModel vm, Window owner) {
        this.vm = vm;
        stage.initOwner(owner);
        stage.setTitle("dbdock: storage and backups");
        table.setId("storage-table");
        table.setItems(vm.entries());
        table.setPlaceholder(new Label("dbdock manages no storage yet."));
        table.getColumns().setAll(List.of(
                column("Name", 320, StorageEntry::name),
                column("Kind", 80, e -> e.kind().label()),
                column("Size", 80, e -> e.bytes() < 0 ? "?" : Sizes.bytes(e.bytes())),
                column("Instance", 120, e -> e.instance() == null ? "" : e.instance()),
                column("State", 130, e -> e.role().label() + (e.running() ? ", running" : "")),
                column("Engine", 130, e -> e.engine() == null ? "" : e.engine() + (e.version() == null ? "" : " " + e.version()))));
        // Every column keeps room for its content; extra width goes to all of them (no empty column at the right).
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        VBox.setVgrow(table, Priority.ALWAYS);

        Button refresh = button("Refresh", "storage-refresh");
        Button remove = button("Remove…", "storage-remove");
        Button removeOrphans = button("Remove orphaned…", "storage-remove-orphans");
        Button close = button("Close", "storage-close");
        var selected = table.getSelectionModel().selectedItemProperty();
        remove.disableProperty().bind(vm.busyProperty().or(Bindings.createBooleanBinding(
                () -> !StorageViewModel.removable(selected.get()), selected)));
        removeOrphans.disableProperty().bind(vm.busyProperty().or(Bindings.isEmpty(vm.entries().filtered(
                e -> e.role() == StorageEntry.Role.ORPHANED))));
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.reload());
        remove.setOnAction(e -> {
            StorageEntry entry = selected.get();
            if (StorageViewModel.removable(entry) && confirm(List.of(entry))) {
                vm.remove(List.of(entry));
            }
        });
        removeOrphans.setOnAction(e -> {
            List<StorageEntry> orphans = vm.orphans();
            if (!orphans.isEmpty() && confirm(orphans)) {
                vm.remove(orphans);
            }
        });
        close.setOnAction(e -> stage.close());

        Label total = new Label();
        total.setId("storage-total");
        total.textProperty().bind(vm.totalProperty());
        Label status = new Label();
        status.setId("storage-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        status.styleProperty().bind(Bindings.when(vm.failedProperty()).then("-fx-text-fill: -color-danger-fg;").otherwise(""));
        Pane gap = new Pane();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, refresh, remove, removeOrphans, gap, close);
        VBox root = new VBox(8, table, new HBox(12, total, status), buttons);
        root.setPadding(new Insets(10));
        stage.setScene(new Scene(root, 900, 440));
    }

    public void show() {
        vm.reload();
        stage.show();
        stage.toFront();
    }

    private boolean confirm(List<StorageEntry> chosen) {
        long bytes = chosen.stream().mapToLong(e -> Math.max(0, e.bytes())).sum();
        StringBuilder text = new StringBuilder();
        chosen.forEach(e -> text.append(e.name()).append("  (").append(e.role().label())
                .append(e.instance() == null ? "" : ", " + e.instance()).append(")\n"));
        text.append("\nThis cannot be undone.");
        return io.dbdock.ui.common.Confirm.ask(stage, "Remove storage", "Remove " + (chosen.size() == 1 ? "this storage"
                : "these " + chosen.size()) + " (" + Sizes.bytes(bytes) + ")?", text.toString(), "Remove", "confirm-remove-storage");
    }

    private static TableColumn<StorageEntry, String> column(String title, double width,
                                                            java.util.function.Function<StorageEntry, String> value) {
        TableColumn<StorageEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static Button button(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }
}
