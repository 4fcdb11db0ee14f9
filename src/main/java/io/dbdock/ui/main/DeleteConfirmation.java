package io.dbdock.ui.main;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks before deleting. Data is kept unless the user ticks the box and then types the name (or,
 * for several instances, the word "delete"): deleting data needs two deliberate steps.
 */
final class DeleteConfirmation {
    /** What the two steps say: the question, the explanation, and what the second step asks to type. */
    private record Wording(String title, String header, String explanation, String dataBox, String deleteLabel,
                           String dataTitle, String dataHeader, Predicate<String> typedRight) {
    }

    /** Empty: cancelled. Otherwise: whether to delete the data too. */
    static Optional<Boolean> ask(Window owner, InstanceItem item) {
        String name = item.nameProperty().get();
        return ask(owner, new Wording("Delete " + name, "Delete '" + name + "'?",
                "The container is removed. The data stays at " + item.record().storageLocation()
                        + ", so a new instance with the same name can use it again.",
                "Also delete its data (cannot be undone)", "Delete",
                "Delete the data of " + name, "Type the name '" + name + "' to delete its data for good.", name::equals));
    }

    /** The same for several instances (a multiple selection). */
    static Optional<Boolean> ask(Window owner, List<InstanceItem> items) {
        if (items.size() == 1) {
            return ask(owner, items.get(0));
        }
        int n = items.size();
        String names = items.stream().map(i -> i.nameProperty().get()).collect(Collectors.joining(", "));
        return ask(owner, new Wording("Delete " + n + " instances", "Delete " + n + " instances?",
                names + ".\n\nTheir containers are removed. Their data stays where it is, so new instances with the same "
                        + "names can use it again.",
                "Also delete their data (cannot be undone)", "Delete " + n,
                "Delete the data of " + n + " instances", "Type 'delete' to delete the data of " + names + " for good.",
                typed -> typed.strip().equalsIgnoreCase("delete")));
    }

    private static Optional<Boolean> ask(Window owner, Wording w) {
        CheckBox deleteData = new CheckBox(w.dataBox());
        deleteData.setId("delete-data");
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner);
        alert.setTitle(w.title());
        alert.setHeaderText(w.header());
        Label explanation = new Label(w.explanation());
        explanation.setWrapText(true);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        alert.getDialogPane().setContent(new VBox(10, explanation, deleteData));
        alert.getDialogPane().setPrefWidth(520);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        Button delete = (Button) alert.getDialogPane().lookupButton(ButtonType.OK);
        delete.setText(w.deleteLabel());
        delete.setId("confirm-delete");
        delete.setDefaultButton(false); // Enter cancels: deleting is never the default
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        if (alert.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return Optional.empty();
        }
        if (!deleteData.isSelected()) {
            return Optional.of(false);
        }
        TextInputDialog type = new TextInputDialog();
        type.initOwner(owner);
        type.setTitle(w.dataTitle());
        type.setHeaderText(w.dataHeader());
        type.getEditor().setId("confirm-name");
        return type.showAndWait().filter(w.typedRight()).map(typed -> true);
    }

    private DeleteConfirmation() {
    }
}
