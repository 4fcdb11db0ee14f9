package io.dbdock.ui.create;

import io.dbdock.engine.EngineSpec;
import io.dbdock.model.StorageKind;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.ClipboardContent;
import javafx.util.StringConverter;

/** Binds the new-instance form to its view model; holds no logic of its own. */
public final class NewInstanceController {
    private final NewInstanceViewModel vm;

    @FXML private ComboBox<EngineSpec> engineBox;
    @FXML private ComboBox<String> versionBox;
    @FXML private Label extensionsLabel;
    @FXML private javafx.scene.layout.VBox extensionsBox;
    @FXML private Label extensionError;
    @FXML private TextField nameField;
    @FXML private Label nameError;
    @FXML private TextField portField;
    @FXML private Label portError;
    @FXML private Label portNote;
    @FXML private PasswordField passwordHidden;
    @FXML private TextField passwordShown;
    @FXML private ToggleButton showPassword;
    @FXML private Button generateButton;
    @FXML private Button copyPasswordButton;
    @FXML private Label passwordError;
    @FXML private RadioButton folderStorage;
    @FXML private RadioButton volumeStorage;
    @FXML private Label storageHint;
    @FXML private RadioButton otherMachines;
    @FXML private Label placeLabel;
    @FXML private ComboBox<String> placeBox;
    @FXML private Label networkWarning;

    public NewInstanceController(NewInstanceViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        engineBox.getItems().setAll(vm.engines());
        engineBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(EngineSpec e) {
                return e == null ? "" : e.displayName();
            }

            @Override
            public EngineSpec fromString(String s) {
                return null;
            }
        });
        engineBox.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(EngineSpec e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.displayName());
                setGraphic(empty || e == null ? null : EngineIcons.icon(e.id()));
            }
        });
        engineBox.valueProperty().bindBidirectional(vm.engineProperty());
        vm.extensions().addListener((javafx.collections.ListChangeListener<NewInstanceViewModel.ExtensionChoice>) c -> showExtensions());
        showExtensions();
        showError(extensionError, vm.extensionErrorProperty());
        versionBox.setItems(vm.versions());
        versionBox.valueProperty().bindBidirectional(vm.versionProperty());

        nameField.textProperty().bindBidirectional(vm.nameProperty());
        showError(nameError, vm.nameErrorProperty());
        portField.textProperty().bindBidirectional(vm.portProperty());
        showError(portError, vm.portErrorProperty());
        showError(portNote, vm.portNoteProperty());

        passwordHidden.textProperty().bindBidirectional(vm.passwordProperty());
        passwordShown.textProperty().bindBidirectional(vm.passwordProperty());
        passwordShown.visibleProperty().bind(showPassword.selectedProperty());
        passwordHidden.visibleProperty().bind(showPassword.selectedProperty().not());
        showPassword.textProperty().bind(javafx.beans.binding.Bindings.when(showPassword.selectedProperty()).then("Hide").otherwise("Show"));
        generateButton.setOnAction(e -> vm.generatePassword());
        copyPasswordButton.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(vm.passwordProperty().get());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        showError(passwordError, vm.passwordErrorProperty());

        folderStorage.setSelected(vm.storageProperty().get() == StorageKind.FOLDER);
        volumeStorage.setSelected(vm.storageProperty().get() == StorageKind.VOLUME);
        vm.storageProperty().addListener((o, was, now) -> (now == StorageKind.FOLDER ? folderStorage : volumeStorage).setSelected(true));
        folderStorage.disableProperty().bind(vm.folderAllowedProperty().not());
        folderStorage.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                vm.storageProperty().set(StorageKind.FOLDER);
            }
        });
        volumeStorage.selectedProperty().addListener((o, was, now) -> {
            if (now) {
                vm.storageProperty().set(StorageKind.VOLUME);
            }
        });
        storageHint.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                !vm.folderAllowedProperty().get() ? "Data in a Docker volume on that engine's machine."
                        : vm.storageProperty().get() == StorageKind.FOLDER
                        ? "Data in a folder under dbdock's data root: easy to find and back up."
                        : "Data in a Docker volume: fastest on macOS and Windows.", vm.storageProperty(), vm.folderAllowedProperty()));

        // Where it runs: only asked when the window follows more than one engine.
        placeBox.setItems(vm.places());
        placeBox.valueProperty().bindBidirectional(vm.placeProperty());
        boolean severalEngines = !vm.places().isEmpty();
        for (javafx.scene.Node n : new javafx.scene.Node[] {placeLabel, placeBox}) {
            n.setVisible(severalEngines);
            n.setManaged(severalEngines);
        }

        vm.otherMachinesProperty().bind(otherMachines.selectedProperty());
        networkWarning.visibleProperty().bind(otherMachines.selectedProperty());
        networkWarning.managedProperty().bind(networkWarning.visibleProperty());
    }

    /** A check box per extension the engine offers, each with its purpose beside it; the row is gone for engines without any. */
    private void showExtensions() {
        extensionsBox.getChildren().clear();
        for (NewInstanceViewModel.ExtensionChoice choice : vm.extensions()) {
            javafx.scene.control.CheckBox box = new javafx.scene.control.CheckBox(choice.label());
            box.setId("extension-" + choice.id());
            box.selectedProperty().bindBidirectional(choice.selected());
            box.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label purpose = new Label(choice.purpose());
            purpose.getStyleClass().add("state-detail");
            javafx.scene.layout.HBox line = new javafx.scene.layout.HBox(8, box, purpose);
            line.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);
            extensionsBox.getChildren().add(line);
        }
        boolean any = !vm.extensions().isEmpty();
        for (javafx.scene.Node n : new javafx.scene.Node[] {extensionsLabel, extensionsBox.getParent()}) {
            n.setVisible(any);
            n.setManaged(any);
        }
    }

    private static void showError(Label label, javafx.beans.property.StringProperty error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(error.isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    public void focusFirstField() {
        engineBox.requestFocus();
    }
}
