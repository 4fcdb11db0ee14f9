package io.dbdock.ui.common;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/**
 * The window's one kind of confirmation: titled with what is about to happen, the action's own
 * verb on its button instead of "OK", and Cancel as the default (Enter never destroys anything).
 */
public final class Confirm {
    private Confirm() {
    }

    /** Asks; true when the user chose the action. */
    public static boolean ask(Window owner, String title, String header, String text, String verb, String actionId) {
        return ask(owner, title, header, text, verb, actionId, 0);
    }

    /** As above, at least {@code width} wide: for a text with a long word that must not wrap (a key's fingerprint). */
    public static boolean ask(Window owner, String title, String header, String text, String verb, String actionId, double width) {
        ButtonType action = new ButtonType(verb, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, action);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(header);
        if (width > 0) {
            alert.getDialogPane().setPrefWidth(width);
            alert.getDialogPane().setMinWidth(width);
        }
        Button act = (Button) alert.getDialogPane().lookupButton(action);
        act.setId(actionId);
        act.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().orElse(ButtonType.CANCEL) == action;
    }

    /** Names the OK button of a dialog after its action. */
    public static void verb(javafx.scene.control.Dialog<?> dialog, String verb) {
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.OK)).setText(verb);
    }
}
