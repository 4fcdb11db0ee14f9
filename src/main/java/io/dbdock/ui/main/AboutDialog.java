package io.dbdock.ui.main;

import io.dbdock.common.BuildInfo;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * About dbdock: the version, what it runs on, where it keeps data and logs (with buttons that open
 * them: what a bug report needs), and the keyboard shortcuts.
 */
public final class AboutDialog {
    /** A name and its value, one line of the dialog. */
    private record Fact(String name, String value) {
    }

    private AboutDialog() {
    }

    /** What the dialog says, in order. */
    private static java.util.List<Fact> facts(String docker, Path dataFolder, Path logsFolder) {
        return java.util.List.of(
                new Fact("Version", BuildInfo.version()),
                new Fact("Docker", docker == null || docker.isBlank() ? "not connected" : docker),
                new Fact("Java", System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                        + System.getProperty("java.vendor", "unknown vendor") + ")"),
                new Fact("JavaFX", System.getProperty("javafx.runtime.version", "unknown")),
                new Fact("Data", dataFolder.toString()),
                new Fact("Logs", logsFolder.toString()));
    }

    public static void show(Window owner, String docker, Path dataFolder, Path logsFolder, Consumer<Path> openFolder) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("About dbdock");
        dialog.setHeaderText("dbdock " + BuildInfo.version() + "\nLocal PostgreSQL, MySQL, MariaDB, MongoDB, Redis and Valkey on Docker");

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        ColumnConstraints names = new ColumnConstraints();
        names.setHalignment(HPos.RIGHT);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMaxWidth(440);
        grid.getColumnConstraints().addAll(names, values, new ColumnConstraints());
        int row = 0;
        for (Fact f : facts(docker, dataFolder, logsFolder)) {
            Label name = new Label(f.name());
            name.getStyleClass().add("state-detail");
            name.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the values wrap; the names never shorten
            Label value = new Label(f.value());
            value.setWrapText(true);
            value.setId("about-" + f.name().toLowerCase(java.util.Locale.ROOT));
            grid.addRow(row++, name, value);
        }
        Button data = new Button("Open");
        data.setId("about-open-data");
        data.setOnAction(e -> openFolder.accept(dataFolder));
        Button logs = new Button("Open");
        logs.setId("about-open-logs");
        logs.setOnAction(e -> openFolder.accept(logsFolder));
        data.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        logs.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.add(data, 2, row - 2);
        grid.add(logs, 2, row - 1);

        Label keysTitle = new Label("Keyboard");
        keysTitle.getStyleClass().add("state-detail");
        GridPane keys = new GridPane();
        keys.setHgap(12);
        keys.setVgap(2);
        String shortcut = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac") ? "Cmd" : "Ctrl";
        String[][] rows = {
                {shortcut + "+N", "New database"},
                {shortcut + "+Shift+C", "Copy the selected instance's connection URI"},
                {"Delete", "Delete the selected instance (asks first)"},
                {shortcut + "+F", "Filter the list (Esc clears)"},
                {"F5", "Refresh states and backups"},
                {"Enter", "Create, in the new-database dialog"},
        };
        for (int i = 0; i < rows.length; i++) {
            keys.addRow(i, new Label(rows[i][0]), new Label(rows[i][1]));
        }
        VBox content = new VBox(14, grid, new VBox(4, keysTitle, keys));
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("about-close");
        dialog.showAndWait();
    }
}
