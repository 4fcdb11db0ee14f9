package io.dbdock.ui;

import io.dbdock.cli.VersionProvider;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.InputRules;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceStore;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * A first window: the instance list read from the store off the FX thread. The full window
 * (live states, create dialog, details) replaces it in the desktop-window work.
 */
public final class DesktopApp extends Application {
    static volatile DataRoot root = DataRoot.fromEnvironment();

    private final ObservableList<String> rows = FXCollections.observableArrayList();

    @Override
    public void start(Stage stage) {
        ListView<String> list = new ListView<>(rows);
        list.setPlaceholder(new Label("No instances yet. Create one with: dbdock create --engine postgres"));
        Label header = new Label("dbdock " + VersionProvider.version() + " - local databases on Docker");
        header.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        Label hint = new Label("Engines: " + String.join(", ",
                EngineCatalog.standard().all().stream().map(e -> e.displayName()).toList())
                + ". Manage instances with the dbdock command while this window grows up.");
        hint.setWrapText(true);
        BorderPane pane = new BorderPane(list);
        VBox top = new VBox(6, header, hint);
        top.setPadding(new Insets(12));
        pane.setTop(top);
        stage.setTitle("dbdock");
        for (String size : new String[] {"64", "256"}) {
            stage.getIcons().add(new Image(DesktopApp.class.getResource("dbdock-" + size + ".png").toExternalForm()));
        }
        stage.setScene(new Scene(pane, 720, 420));
        stage.show();
        loadInstances();
    }

    /** Instance list as data: read in the background, shown on the FX thread. */
    private void loadInstances() {
        Task<List<String>> load = new Task<>() {
            @Override
            protected List<String> call() {
                return new InstanceStore(root).load().stream()
                        .map(r -> r.name() + "  -  " + r.engine() + " " + r.version() + "  -  "
                                + InputRules.clientHost(r.bindAddress()) + ":" + r.port())
                        .toList();
            }
        };
        load.setOnSucceeded(e -> rows.setAll(load.getValue()));
        load.setOnFailed(e -> rows.setAll("Could not read the instance list: " + load.getException().getMessage()));
        Thread t = new Thread(load, "dbdock-load");
        t.setDaemon(true);
        t.start();
    }

    /** Rows shown (for tests). */
    ObservableList<String> rows() {
        return rows;
    }

    @Override
    public void stop() {
        Platform.exit();
    }
}
