package io.dbdock.ui.main;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.VBox;
import javafx.scene.control.Label;
import javafx.stage.Window;

/**
 * Asks before deleting. Data is kept unless the user ticks the box and then types the name:
 * deleting data needs two deliberate steps.
 */
final class DeleteConfirmation {
    /** Empty: cancelled. Otherwise: whether to delete the data too. */
    static Optional<Boolean> ask(Window owner, InstanceItem item) {
        String name = item.nameProperty().get();
        CheckBox deleteData = new CheckBox("Also delete its data (cannot be undone)");
        deleteData.setId("delete-data");
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner);
        alert.setTitle("Delete " + name);
        alert.setHeaderText("Delete '" + name + "'?");
        Label explanation = new Label("The container is removed. The data stays at " + item.record().storageLocation()
                + ", so a new instance with the same name can use it again.");
        explanation.setWrapText(true);
        explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        alert.getDialogPane().setContent(new VBox(10, explanation, deleteData));
        alert.getDialogPane().setPrefWidth(520);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setText("Delete");
        alert.getDialogPane().lookupButton(ButtonType.OK).setId("confirm-delete");
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (alert.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return Optional.empty();
        }
        if (!deleteData.isSelected()) {
            return Optional.of(false);
        }
        TextInputDialog typeName = new TextInputDialog();
        typeName.initOwner(owner);
        typeName.setTitle("Delete the data of " + name);
        typeName.setHeaderText("Type the name '" + name + "' to delete its data for good.");
        typeName.getEditor().setId("confirm-name");
        return typeName.showAndWait().filter(name::equals).map(typed -> true);
    }

    private DeleteConfirmation() {
    }
}
