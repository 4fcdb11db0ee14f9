package io.dbdock.ui.main;

import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;

/**
 * The main window's layout: the toolbar, the instance list with the details below it, the empty
 * and "Docker is not available" states over them, the status bar. In code rather than FXML: the
 * FXML loader (its XML parser, reflection over the controller) cost the first frame about 0.1 s.
 * The controller's fields are filled here; then it wires them up.
 */
final class MainView {
    private MainView() {
    }

    static BorderPane build(MainController c) {
        c.newButton = button("New", "new-button");
        c.startButton = button("Start", "start-button");
        c.stopButton = button("Stop", "stop-button");
        c.restartButton = button("Restart", "restart-button");
        c.copyButton = button("Copy URI", "copy-button");
        c.shellButton = button("Open shell", "shell-button");
        c.deleteButton = button("Delete", "delete-button");
        c.filterField = new TextField();
        c.filterField.setId("filter-field");
        c.filterField.setPromptText("Filter");
        c.filterField.setPrefColumnCount(7);
        c.darkToggle = new ToggleButton("Dark");
        c.darkToggle.setId("dark-toggle");
        c.appMenu = new MenuButton();
        c.appMenu.setId("app-menu");
        Pane gap = new Pane();
        HBox.setHgrow(gap, Priority.ALWAYS);
        c.toolBar = new ToolBar(c.newButton, new Separator(Orientation.VERTICAL), c.startButton, c.stopButton, c.restartButton,
                c.copyButton, c.shellButton, c.deleteButton, gap, c.filterField, c.darkToggle, c.appMenu);
        c.toolBar.setId("tool-bar");

        // A tree: each project's instances under its group, the others after them (see ProjectTree).
        c.table = new TreeTableView<>();
        c.table.setId("instance-table");
        c.table.setShowRoot(false);
        c.engineColumn = column("Engine", 250, "engineColumn");
        c.nameColumn = column("Name", 215, "nameColumn");
        c.versionColumn = column("Version", 80, "versionColumn");
        c.addressColumn = column("Address", 135, "addressColumn");
        c.contextColumn = column("Context", 110, "contextColumn");
        c.contextColumn.setVisible(false);
        c.stateColumn = column("State", 235, "stateColumn");
        c.actionsColumn = column("", 84, "actionsColumn");
        c.actionsColumn.setSortable(false);
        c.actionsColumn.setResizable(false);
        c.actionsColumn.setReorderable(false);
        c.table.getColumns().addAll(java.util.List.of(c.engineColumn, c.nameColumn, c.versionColumn, c.addressColumn,
                c.contextColumn, c.stateColumn, c.actionsColumn));
        c.table.setPlaceholder(new Label("Loading…"));
        // The details view goes here right after the first frame (or at the first selection): it is half the window's controls.
        c.details = new StackPane();
        c.details.setId("details-holder");
        c.listAndDetails = new SplitPane(c.table, c.details);
        c.listAndDetails.setId("listAndDetails");
        c.listAndDetails.setOrientation(Orientation.VERTICAL);
        c.listAndDetails.setDividerPositions(0.45);

        c.engineButtons = new FlowPane(10, 10);
        c.engineButtons.setId("engineButtons");
        c.engineButtons.setAlignment(Pos.CENTER);
        Label pick = new Label("Pick an engine: dbdock chooses the version, a free port and a strong password for you.");
        pick.setWrapText(true);
        c.emptyState = centred("empty-state", "empty-state", 16, title("No databases yet"), pick, c.engineButtons);

        c.dockerDownIcon = new Label();
        c.dockerDownIcon.setId("dockerDownIcon");
        c.dockerDownTitle = title("Docker is not available");
        c.dockerDownTitle.setId("docker-down-title");
        c.dockerProblem = new Label();
        c.dockerProblem.setId("docker-problem");
        c.dockerProblem.setWrapText(true);
        c.dockerProblem.setMaxWidth(620);
        c.dockerProblem.setTextAlignment(TextAlignment.CENTER);
        c.dockerDownHint = new Label("dbdock keeps trying by itself and brings your instances back when Docker answers.");
        c.dockerDownHint.setId("docker-down-hint");
        c.trustKeyButton = button("Trust this key...", "trust-key-button");
        c.retryButton = button("Retry now", "retry-button");
        HBox actions = new HBox(10, c.trustKeyButton, c.retryButton);
        actions.setAlignment(Pos.CENTER);
        c.dockerDown = centred("docker-down", "docker-down", 14, c.dockerDownIcon, c.dockerDownTitle, c.dockerProblem,
                c.dockerDownHint, actions);

        // Notices show in the status bar, before Docker's state: they cover nothing and move nothing.
        c.statusText = new Label();
        c.statusText.setId("status-text");
        c.statusText.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(c.statusText, Priority.ALWAYS);
        c.enginesText = new Label();
        c.enginesText.setId("engines-text");
        c.enginesText.setMinWidth(Region.USE_PREF_SIZE);
        c.otherKeyButton = new Button();
        c.otherKeyButton.setId("other-key-button");
        c.otherKeyButton.getStyleClass().add("small");
        c.otherKeyButton.setMinWidth(Region.USE_PREF_SIZE);
        c.statusBar = new HBox(8, c.statusText, c.enginesText, c.otherKeyButton);
        c.statusBar.setId("status-bar");
        c.statusBar.getStyleClass().add("status-bar");
        c.statusBar.setAlignment(Pos.CENTER_LEFT);

        BorderPane root = new BorderPane(new StackPane(c.listAndDetails, c.emptyState, c.dockerDown), c.toolBar, null, c.statusBar, null);
        root.getStylesheets().add(MainView.class.getResource("main.css").toExternalForm());
        root.setPrefSize(1000, 700);
        c.initialize();
        return root;
    }

    private static Button button(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }

    /** The ids are the controller's field names where no other id was given, as FXML set them. */
    private static <T> TreeTableColumn<InstanceRow, T> column(String text, double width, String id) {
        TreeTableColumn<InstanceRow, T> column = new TreeTableColumn<>(text);
        column.setPrefWidth(width);
        column.setId(id);
        return column;
    }

    private static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("title-2");
        return label;
    }

    private static VBox centred(String id, String styleClass, double spacing, Node... children) {
        VBox box = new VBox(spacing, children);
        box.setId(id);
        box.getStyleClass().add(styleClass);
        box.setAlignment(Pos.CENTER);
        return box;
    }
}
