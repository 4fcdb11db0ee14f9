package io.dbdock.ui.details;

import io.dbdock.common.Times;
import io.dbdock.backup.BackupInfo;
import io.dbdock.common.Sizes;
import io.dbdock.instance.InputRules;
import io.dbdock.instance.InstanceService;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The Backups tab: the selected instance's backups, and back up, restore, clone, delete, show in folder. */
public final class BackupsController {

    private final BackupsViewModel vm;
    private final Consumer<Path> reveal;
    @FXML private Button backUp;
    @FXML private Button restore;
    @FXML private Button restoreFile;
    @FXML private Button restoreNew;
    @FXML private Button cloneButton;
    @FXML private Button upgradeButton;
    @FXML private Button rollBackButton;
    @FXML private Button delete;
    @FXML private Button revealButton;
    @FXML private TableView<BackupInfo> table;
    @FXML private TableColumn<BackupInfo, String> dateColumn;
    @FXML private TableColumn<BackupInfo, String> sizeColumn;
    @FXML private TableColumn<BackupInfo, String> versionColumn;
    @FXML private TableColumn<BackupInfo, String> fileColumn;
    @FXML private javafx.scene.control.CheckBox daily;
    @FXML private javafx.scene.control.Spinner<Integer> keep;
    @FXML private ProgressBar progress;
    @FXML private Label status;

    /**
     * @param reveal opens a folder in the desktop's file manager
     */
    public BackupsController(BackupsViewModel vm, Consumer<Path> reveal) {
        this.vm = vm;
        this.reveal = reveal;
    }

    @FXML
    private void initialize() {
        table.setItems(vm.backups());
        // Columns fill the width, the file name taking what is left: the date (to the second) always reads whole.
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dateColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(Times.human(c.getValue().createdAt())));
        sizeColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(Sizes.bytes(c.getValue().bytes())));
        versionColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().engine() + " " + c.getValue().version()));
        fileColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().file().getFileName().toString()));

        var noInstance = vm.instanceProperty().isNull();
        var noBackup = table.getSelectionModel().selectedItemProperty().isNull();
        backUp.disableProperty().bind(vm.busyProperty().or(noInstance));
        restoreFile.disableProperty().bind(vm.busyProperty().or(noInstance));
        cloneButton.disableProperty().bind(vm.busyProperty().or(noInstance));
        restore.disableProperty().bind(vm.busyProperty().or(noBackup));
        restoreNew.disableProperty().bind(vm.busyProperty().or(noBackup));
        restoreNew.setOnAction(e -> {
            BackupInfo b = table.getSelectionModel().getSelectedItem();
            if (b != null) {
                askName("New instance from a backup", "A new instance with this backup's data (" + Times.human(b.createdAt())
                        + "), its own port and password.", b.instance() + "-restored", "restore-new-name", "confirm-restore-new", "Create")
                        .ifPresent(newName -> vm.restoreAsNew(b.file(), newName));
            }
        });
        delete.disableProperty().bind(vm.busyProperty().or(noBackup));
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        status.textProperty().bind(vm.statusProperty());
        status.styleProperty().bind(Bindings.when(vm.failedProperty()).then("-fx-text-fill: -color-danger-fg;").otherwise(""));

        // Off on the newest version: there is nothing to choose. The version is read through the select
        // binding: a select binding that is never read stops reporting changes.
        var version = Bindings.selectString(vm.instanceProperty(), "version");
        upgradeButton.disableProperty().bind(vm.busyProperty().or(noInstance).or(Bindings.createBooleanBinding(
                () -> version.get() == null || vm.upgradeTargets().isEmpty(), vm.instanceProperty(), version)));
        rollBackButton.visibleProperty().bind(vm.rollBackToProperty().isNotEmpty());
        rollBackButton.managedProperty().bind(rollBackButton.visibleProperty());
        rollBackButton.disableProperty().bind(vm.busyProperty());
        rollBackButton.textProperty().bind(Bindings.concat("Roll back to ", vm.rollBackToProperty()));
        upgradeButton.setOnAction(e -> askUpgrade().ifPresent(vm::upgrade));
        rollBackButton.setOnAction(e -> {
            if (confirm("Roll back " + instanceName(), "Roll back to " + vm.rollBackToProperty().get() + "?", "The instance goes back to "
                    + "the version and the data it had before the upgrade. Changes made since stay aside in the newer version's data.",
                    "Roll back", "confirm-rollback")) {
                vm.rollBack();
            }
        });
        keep.setValueFactory(new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(1, 365, 7));
        keep.getValueFactory().valueProperty().bindBidirectional(vm.keepProperty());
        daily.selectedProperty().bindBidirectional(vm.dailyProperty());
        daily.disableProperty().bind(noInstance);
        keep.disableProperty().bind(noInstance);
        backUp.setOnAction(e -> vm.backUp());
        restore.setOnAction(e -> {
            BackupInfo b = table.getSelectionModel().getSelectedItem();
            if (b != null && confirmRestore(b.file(), Times.human(b.createdAt()))) {
                vm.restore(b.file());
            }
        });
        restoreFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Restore from a dump file");
            Path folder = vm.folder();
            if (folder != null && folder.toFile().isDirectory()) {
                chooser.setInitialDirectory(folder.toFile());
            }
            File file = chooser.showOpenDialog(window());
            if (file != null && confirmRestore(file.toPath(), file.getName())) {
                vm.restore(file.toPath());
            }
        });
        cloneButton.setOnAction(e -> askCloneName().ifPresent(vm::cloneAs));
        delete.setOnAction(e -> {
            BackupInfo b = table.getSelectionModel().getSelectedItem();
            if (b != null && confirm("Delete a backup of " + instanceName(), "Delete this backup?", "The file " + b.file().getFileName()
                    + " (" + Sizes.bytes(b.bytes()) + ") is deleted. This cannot be undone.", "Delete", "confirm-delete-backup")) {
                vm.delete(b);
            }
        });
        revealButton.setOnAction(e -> {
            Path folder = vm.folder();
            if (folder != null) {
                folder.toFile().mkdirs();
                reveal.accept(folder);
            }
        });
    }

    private boolean confirmRestore(Path file, String label) {
        String name = instanceName();
        return confirm("Restore " + name, "Replace the data of '" + name + "'?", "Its data is replaced by " + label + " ("
                + file.getFileName() + "). The file is checked first; the current data is set aside, not deleted, and can be "
                + "removed later under Storage in the ☰ menu. The database restarts on the restored data.", "Restore", "confirm-restore");
    }

    private String instanceName() {
        return vm.instanceProperty().get() == null ? "" : vm.instanceProperty().get().record().name();
    }

    private Optional<String> askCloneName() {
        String source = vm.instanceProperty().get() == null ? "" : vm.instanceProperty().get().record().name();
        return askName("Clone " + source, "A new instance with a copy of " + source + "'s data, its own port and password.",
                source + "-copy", "clone-name", "confirm-clone", "Clone");
    }

    /** A name for a new instance, checked as it is typed (as in the New instance dialog). */
    private Optional<String> askName(String title, String header, String suggestion, String fieldId, String okId, String verb) {
        TextInputDialog dialog = new TextInputDialog(suggestion);
        io.dbdock.ui.common.Confirm.verb(dialog, verb);
        dialog.initOwner(window());
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        dialog.getEditor().setId(fieldId);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId(okId);
        Label problem = new Label();
        problem.getStyleClass().add("field-error");
        dialog.getEditor().textProperty().addListener((o, was, now) -> {
            String why = InputRules.nameProblem(now);
            problem.setText(why == null ? "" : why);
            ok.setDisable(why != null);
        });
        dialog.getDialogPane().setContent(new javafx.scene.layout.VBox(6, new Label("Name:"), dialog.getEditor(), problem));
        return dialog.showAndWait().map(String::trim).filter(n -> InputRules.nameProblem(n) == null);
    }

    /** Newer versions (and an engine to switch to) to choose from, with what the upgrade does; nothing when there is none. */
    private Optional<InstanceService.UpgradeTarget> askUpgrade() {
        java.util.List<InstanceService.UpgradeTarget> targets = vm.upgradeTargets();
        var r = vm.instanceProperty().get().record();
        if (targets.isEmpty()) {
            return Optional.empty(); // the button is off then (see initialize); a change may have come in meanwhile
        }
        // The newest version of the instance's own engine is the default; a switch is there to be chosen.
        InstanceService.UpgradeTarget preferred = targets.stream().filter(t -> !t.switchesEngine()).reduce((a, b) -> b)
                .orElse(targets.get(targets.size() - 1));
        javafx.scene.control.Dialog<InstanceService.UpgradeTarget> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(window());
        dialog.setTitle("Upgrade " + r.name());
        dialog.setHeaderText("Upgrade " + r.name() + " from " + r.engineWithVariant() + " " + r.version() + "?");
        boolean canSwitch = targets.stream().anyMatch(InstanceService.UpgradeTarget::switchesEngine);
        // A wrapped text of a set width, as in the confirmations: a long line would stretch the dialog past the screen.
        Label explanation = new Label("It is backed up, loaded into the new version and checked (rows or keys counted); the name, port and "
                + "password stay, and the " + r.version() + " data is kept for a rollback. It is stopped meanwhile: "
                + "stop applications writing to it."
                + (canSwitch ? "\n\nIts data can also move to Valkey, the open-source fork of Redis: the same clients and URL work." : ""));
        explanation.setWrapText(true);
        explanation.setPrefWidth(460);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        javafx.scene.control.ComboBox<InstanceService.UpgradeTarget> choices =
                new javafx.scene.control.ComboBox<>(javafx.collections.FXCollections.observableArrayList(targets));
        choices.setId("upgrade-target");
        choices.setValue(preferred);
        Label to = new Label("New version:");
        to.setLabelFor(choices);
        javafx.scene.layout.HBox row = new javafx.scene.layout.HBox(8, to, choices);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        dialog.getDialogPane().setContent(new javafx.scene.layout.VBox(12, explanation, row));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        dialog.getDialogPane().lookupButton(ButtonType.OK).setId("confirm-upgrade");
        io.dbdock.ui.common.Confirm.verb(dialog, "Upgrade");
        dialog.setResultConverter(button -> button == ButtonType.OK ? choices.getValue() : null);
        return dialog.showAndWait();
    }

    private boolean confirm(String title, String header, String text, String verb, String okId) {
        return io.dbdock.ui.common.Confirm.ask(window(), title, header, text, verb, okId);
    }

    private Window window() {
        return table.getScene() == null ? null : table.getScene().getWindow();
    }
}
