package io.dbdock.ui.create;

import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.layout.Region;
import javafx.stage.Window;

/** The new-instance dialog: returns the request when the user presses Create on a valid form. */
public final class NewInstanceDialog {
    public static final ButtonType CREATE = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<CreateRequest> dialog = new Dialog<>();

    public NewInstanceDialog(Window owner, NewInstanceViewModel vm, EngineSpec preselected) {
        FXMLLoader loader = new FXMLLoader(NewInstanceDialog.class.getResource("NewInstanceView.fxml"));
        loader.setControllerFactory(type -> new NewInstanceController(vm));
        Node content;
        try {
            content = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dialog.initOwner(owner);
        dialog.setTitle("New database");
        // "Local" is true of the window's own engine only; another machine's is named.
        dialog.headerTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.folderAllowedProperty().get()
                ? "A new local database, ready in seconds" : "A new database on " + (vm.placeProperty().get() == null ? "the engine's machine" : vm.placeProperty().get())
                        + ", ready in seconds",
                vm.folderAllowedProperty(), vm.placeProperty()));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(CREATE, ButtonType.CANCEL);
        dialog.setResizable(true);
        dialog.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        // Error lines appear and disappear as the user types: keep the whole form visible.
        vm.nameErrorProperty().addListener((o, was, now) -> fitToContent());
        vm.portErrorProperty().addListener((o, was, now) -> fitToContent());
        vm.portNoteProperty().addListener((o, was, now) -> fitToContent());
        vm.extensionErrorProperty().addListener((o, was, now) -> fitToContent());
        vm.engineProperty().addListener((o, was, now) -> fitToContent()); // PostgreSQL brings its row of extensions
        vm.otherMachinesProperty().addListener((o, was, now) -> fitToContent());
        Button create = (Button) dialog.getDialogPane().lookupButton(CREATE);
        create.setId("create-button");
        create.disableProperty().bind(vm.validProperty().not());
        dialog.setResultConverter(button -> button == CREATE ? vm.request() : null);
        // Enter creates wherever the focus is in the form: a focused radio button or check box keeps the
        // key to itself otherwise, and the default button never hears it.
        dialog.getDialogPane().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER && !e.isShortcutDown() && !e.isAltDown()
                    && e.getTarget() instanceof javafx.scene.control.ButtonBase target && !(target instanceof Button)) {
                e.consume();
                if (!create.isDisabled()) {
                    create.fire();
                }
            }
        });
        vm.engineProperty().set(preselected != null ? preselected : vm.engines().get(0));
        NewInstanceController controller = loader.getController();
        dialog.setOnShown(e -> controller.focusFirstField());
    }

    private void fitToContent() {
        javafx.application.Platform.runLater(() -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
    }

    public Optional<CreateRequest> showAndWait() {
        return dialog.showAndWait();
    }

    public Dialog<CreateRequest> dialog() {
        return dialog;
    }
}
