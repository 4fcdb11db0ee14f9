package io.dbdock.ui.main;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.InstanceAction;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.common.Confirm;
import io.dbdock.ui.common.TerminalLauncher;
import io.dbdock.ui.create.EngineIcons;
import io.dbdock.ui.create.NewInstanceDialog;
import io.dbdock.ui.create.NewInstanceViewModel;
import javafx.application.Application;
import io.dbdock.common.Remedy;
import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** Binds the main window to {@link MainViewModel}; the view model holds the state and does the work. */
public final class MainController {
    private final MainViewModel vm;
    private final BackgroundTasks tasks;

    Button newButton;
    Button startButton;
    Button stopButton;
    Button restartButton;
    Button copyButton;
    Button shellButton;
    Button deleteButton;
    ToggleButton darkToggle;
    javafx.scene.control.SplitPane listAndDetails;
    javafx.scene.layout.StackPane details;
    private java.util.function.Supplier<javafx.scene.Node> detailsView = () -> null;
    TreeTableView<InstanceRow> table;
    javafx.scene.control.TextField filterField;
    TreeTableColumn<InstanceRow, String> engineColumn;
    TreeTableColumn<InstanceRow, String> nameColumn;
    TreeTableColumn<InstanceRow, String> versionColumn;
    TreeTableColumn<InstanceRow, String> addressColumn;
    TreeTableColumn<InstanceRow, String> contextColumn;
    TreeTableColumn<InstanceRow, InstanceState> stateColumn;
    TreeTableColumn<InstanceRow, InstanceState> actionsColumn;
    private ProjectTree tree;
    private java.util.function.Consumer<ProjectGroup> openFolder = g -> { };
    VBox emptyState;
    javafx.scene.layout.FlowPane engineButtons;
    VBox dockerDown;
    Label dockerDownIcon;
    Label dockerProblem;
    Label dockerDownTitle;
    Label dockerDownHint;
    Button retryButton;
    Button trustKeyButton;
    HBox statusBar;
    Label statusText;
    Label enginesText;
    Button otherKeyButton;
    javafx.scene.control.ToolBar toolBar;
    MenuButton appMenu;
    private final FontIcon noticeIcon = new FontIcon(Material2AL.CHECK_CIRCLE);
    private final Label noticeText = new Label();
    private final Button noticeFix = new Button();
    private final Button noticeClose = new Button("", new FontIcon(Material2AL.CLOSE));
    private final HBox noticeBox = new HBox(noticeIcon, noticeText, noticeFix, noticeClose);
    private final NoticeShelf shelf = new NoticeShelf();
    private final PauseTransition newsTimer = new PauseTransition(Duration.seconds(5));

    private Runnable retry = () -> { };
    private java.util.function.Consumer<Boolean> themeChosen = dark -> { };

    public MainController(MainViewModel vm, BackgroundTasks tasks) {
        this.vm = vm;
        this.tasks = tasks;
    }

    /** Shows the theme in use; a choice by the user is handed to {@code onChoice} (to be saved). */
    public void setTheme(boolean dark, java.util.function.Consumer<Boolean> onChoice) {
        darkToggle.setSelected(dark);
        this.themeChosen = onChoice;
    }

    private java.util.function.Predicate<MainViewModel.Notice> deliveredElsewhere = n -> false;
    /** The split between list and details (0 to 1) on a first run, and the range that leaves both parts usable. */
    private static final double DEFAULT_DIVIDER = 0.45;
    private static final double USABLE_FROM = 0.15;
    private static final double USABLE_TO = 0.85;
    private double detailsDivider = DEFAULT_DIVIDER;
    private final java.util.List<Runnable> alsoOnRefresh = new java.util.ArrayList<>();

    /** More to read again on F5 than the instance list (the details' Backups tab). */
    public void alsoOnRefresh(Runnable reload) {
        alsoOnRefresh.add(reload);
    }

    /** Notices the tray shows instead (while the window is hidden): one channel per notice, never both. */
    public void setNoticeRouter(java.util.function.Predicate<MainViewModel.Notice> router) {
        this.deliveredElsewhere = router;
    }

    /** What the Retry button does (reconnect the monitor now). */
    public void setRetry(Runnable retry) {
        this.retry = retry;
    }

    /** The main window's content, with this controller behind it (call once). */
    public javafx.scene.Parent view() {
        return MainView.build(this);
    }

    /** Once {@link MainView} has made the controls. */
    void initialize() {
        newButton.setGraphic(new FontIcon(Material2AL.ADD));
        startButton.setGraphic(new FontIcon(Material2MZ.PLAY_ARROW));
        stopButton.setGraphic(new FontIcon(Material2MZ.STOP));
        restartButton.setGraphic(new FontIcon(Material2MZ.REFRESH));
        copyButton.setGraphic(new FontIcon(Material2AL.CONTENT_COPY));
        shellButton.setGraphic(new FontIcon(Material2AL.CODE));
        deleteButton.setGraphic(new FontIcon(Material2AL.DELETE));
        FontIcon cloudOff = new FontIcon(Material2AL.CLOUD_OFF);
        cloudOff.setIconSize(64);
        dockerDownIcon.setGraphic(cloudOff);

        tree = new ProjectTree(vm.shown());
        filterField.textProperty().bindBidirectional(vm.filterProperty());
        filterField.setTooltip(new javafx.scene.control.Tooltip("Show only the instances whose name, engine, version, port or "
                + "project has these words (Ctrl+F; Esc clears)"));
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                filterField.clear();
                table.requestFocus();
            }
        });
        Label nothingMatches = new Label();
        nothingMatches.textProperty().bind(Bindings.when(vm.filterProperty().isEmpty()).then("Loading…")
                .otherwise(Bindings.concat("No instance matches \u201c", vm.filterProperty(), "\u201d.")));
        table.setPlaceholder(nothingMatches);
        table.setRoot(tree.root());
        // The columns fill the width (no empty column at the right) and shrink to what their content
        // needs before a scroll bar appears: at 800 px the State column still shows.
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        engineColumn.setMinWidth(130);
        nameColumn.setMinWidth(140);
        versionColumn.setMinWidth(80);
        addressColumn.setMinWidth(125);
        stateColumn.setMinWidth(150);
        compactWhenNarrow();
        // A project's row: its name in the first column (with the disclosure arrow), its folder under Name.
        engineColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.engineProperty()
                : new javafx.beans.property.ReadOnlyStringWrapper(((ProjectGroup) c.getValue().getValue()).name()));
        engineColumn.setCellFactory(c -> new TreeTableCell<>() {
            private String shown;

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                InstanceRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String now = row == null ? null : (row instanceof ProjectGroup ? "project:" : "engine:") + value;
                if (java.util.Objects.equals(now, shown)) {
                    return; // a new icon node would cost a CSS pass for nothing
                }
                shown = now;
                if (row instanceof ProjectGroup) {
                    setText(value);
                    setGraphic(new FontIcon(Material2AL.FOLDER_OPEN));
                } else {
                    var engine = vm.service().catalog().findWritten(value);
                    setText(now == null ? null : engine.map(EngineSpec::shortName).orElse(value));
                    // The variant's name may not fit the column: the whole of it on hover.
                    setTooltip(now == null || engine.map(e -> e.variant() == null).orElse(true) ? null
                            : new javafx.scene.control.Tooltip(engine.get().fullName()));
                    setGraphic(now == null ? null : EngineIcons.icon(engine.map(EngineSpec::id).orElse(value)));
                }
            }
        });
        nameColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.nameProperty()
                : ((ProjectGroup) c.getValue().getValue()).folderProperty());
        // A project's folder: its end is what tells two checkouts apart, so a long one gives way at its start.
        nameColumn.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                boolean folder = !empty && getTableRow() != null && getTableRow().getItem() instanceof ProjectGroup;
                setText(empty ? null : folder ? homeShort(value) : value);
                setTextOverrun(folder ? javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS : javafx.scene.control.OverrunStyle.ELLIPSIS);
            }
        });
        versionColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.versionProperty() : null);
        addressColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.addressProperty() : null);
        // Where each instance lives, once there is more than one place to tell apart.
        contextColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.contextProperty() : null);
        contextColumn.setMinWidth(80);
        contextColumn.visibleProperty().bind(vm.severalContextsProperty());
        stateColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.stateProperty() : null);
        stateColumn.setCellFactory(c -> new StateCell());
        actionsColumn.setCellValueFactory(c -> c.getValue().getValue() instanceof InstanceItem i ? i.stateProperty() : null);
        actionsColumn.setCellFactory(c -> new RowActionsCell(vm::toggle, this::copyUri));
        actionsColumn.setMinWidth(84);
        actionsColumn.setMaxWidth(84);
        // One menu for every instance row and one for every project row: they act on the selected row
        // (a right click selects it), and a menu per row is costly to build.
        ContextMenu rowMenu = rowMenu();
        ContextMenu groupMenu = groupMenu();
        table.setRowFactory(t -> {
            TreeTableRow<InstanceRow> row = new TreeTableRow<>();
            row.itemProperty().addListener((o, was, now) -> {
                row.setContextMenu(now instanceof ProjectGroup ? groupMenu : now instanceof InstanceItem ? rowMenu : null);
                row.pseudoClassStateChanged(PROJECT_ROW, now instanceof ProjectGroup);
            });
            row.setOnMouseClicked(e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2
                        && row.getItem() instanceof InstanceItem) {
                    openDetails();
                }
            });
            return row;
        });
        // Ctrl- and Shift-click select several: Start, Stop and Delete act on all of them; the details show the last one.
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<TreeItem<InstanceRow>>) c ->
                vm.chosen().setAll(table.getSelectionModel().getSelectedItems().stream().filter(java.util.Objects::nonNull)
                        .map(TreeItem::getValue).filter(InstanceItem.class::isInstance).map(InstanceItem.class::cast).distinct().toList()));
        vm.selectedProperty().bind(Bindings.createObjectBinding(() -> {
            TreeItem<InstanceRow> t = table.getSelectionModel().getSelectedItem();
            return t != null && t.getValue() instanceof InstanceItem i ? i : null;
        }, table.getSelectionModel().selectedItemProperty()));
        // The details panel shows only while an instance is selected. It stays in the scene (hidden,
        // divider at the bottom) so its styles are computed once, not on every selection.
        details.setVisible(false);
        listAndDetails.setDividerPositions(1.0);
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != null) {
                loadDetails();
            }
            if ((now == null) == details.isVisible()) {
                if (now == null) {
                    detailsDivider = listAndDetails.getDividerPositions()[0]; // the user's split, for the next selection
                }
                details.setVisible(now != null);
                listAndDetails.setDividerPositions(now == null ? 1.0 : detailsDivider);
            }
        });

        startButton.disableProperty().bind(vm.chosenAllow(InstanceAction.START).not());
        // A Missing instance (its container removed outside dbdock) is brought back on the same data, port and password.
        startButton.textProperty().bind(javafx.beans.binding.Bindings.when(vm.selectedIs(s -> s == InstanceState.MISSING))
                .then("Recreate").otherwise("Start"));
        stopButton.disableProperty().bind(vm.chosenAllow(InstanceAction.STOP).not());
        deleteButton.disableProperty().bind(vm.chosenAllow(InstanceAction.DELETE).not());
        // These act on one instance: with several selected they wait until one is.
        var one = Bindings.size(vm.chosen()).isEqualTo(1);
        restartButton.disableProperty().bind(vm.selectedAllows(InstanceAction.RESTART).and(one).not());
        copyButton.disableProperty().bind(vm.selectedAllows(InstanceAction.COPY_URI).and(one).not());
        shellButton.disableProperty().bind(vm.selectedAllows(InstanceAction.OPEN_SHELL).and(one).not());
        newButton.disableProperty().bind(vm.dockerAvailableProperty().not());

        newButton.setOnAction(e -> openNewDialog(null));
        startButton.setOnAction(e -> vm.startChosen());
        stopButton.setOnAction(e -> vm.stopChosen());
        restartButton.setOnAction(e -> withSelected(vm::restart));
        copyButton.setOnAction(e -> withSelected(this::copyUri));
        shellButton.setOnAction(e -> withSelected(item -> vm.openShell(item, TerminalLauncher.forThisComputer(), this::toClipboard)));
        deleteButton.setOnAction(e -> confirmDeleteChosen());
        retryButton.setOnAction(e -> retry.run());
        // An SSH machine whose host key is not known yet: compared and trusted here, never accepted unseen.
        trustKeyButton.visibleProperty().bind(vm.hostKeyToTrustProperty().isNotNull());
        trustKeyButton.managedProperty().bind(trustKeyButton.visibleProperty());
        trustKeyButton.setOnAction(e -> askToTrust(vm.hostKeyToTrustProperty().get(), retry));
        // The same for another engine the window follows: its monitor tries again by itself every second.
        otherKeyButton.visibleProperty().bind(vm.otherHostKeyToTrustProperty().isNotNull());
        otherKeyButton.managedProperty().bind(otherKeyButton.visibleProperty());
        otherKeyButton.textProperty().bind(Bindings.createStringBinding(() -> vm.otherHostKeyToTrustProperty().get() == null ? ""
                : "Check the host key of " + vm.otherHostKeyToTrustProperty().get().host() + "…", vm.otherHostKeyToTrustProperty()));
        otherKeyButton.setOnAction(e -> askToTrust(vm.otherHostKeyToTrustProperty().get(), () -> { }));

        // The engine buttons of the empty list are made when it first shows (most launches never show it).
        emptyState.visibleProperty().addListener((o, was, now) -> {
            if (now && engineButtons.getChildren().isEmpty()) {
                for (EngineSpec engine : vm.service().catalog().all()) {
                    Button b = new Button(engine.displayName(), EngineIcons.icon(engine.id()));
                    b.setId("empty-" + engine.id());
                    b.setOnAction(e -> openNewDialog(engine));
                    engineButtons.getChildren().add(b);
                }
            }
        });

        dockerDown.visibleProperty().bind(vm.dockerAvailableProperty().not());
        emptyState.visibleProperty().bind(vm.dockerAvailableProperty().and(vm.loadedProperty())
                .and(Bindings.isEmpty(vm.items())));
        listAndDetails.visibleProperty().bind(dockerDown.visibleProperty().not().and(emptyState.visibleProperty().not()));
        dockerProblem.textProperty().bind(vm.dockerProblemProperty());
        dockerDownTitle.textProperty().bind(vm.dockerDownTitleProperty());
        dockerDownHint.textProperty().bind(vm.dockerDownHintProperty());
        statusText.textProperty().bind(vm.dockerTextProperty());
        enginesText.textProperty().bind(vm.otherEnginesTextProperty());
        enginesText.managedProperty().bind(enginesText.textProperty().isNotEmpty());

        darkToggle.setGraphic(new FontIcon(Material2AL.BRIGHTNESS_4));
        // An icon, as theme switches are: its word would cost the filter field its room on the bar.
        darkToggle.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        darkToggle.setTooltip(new javafx.scene.control.Tooltip("Dark theme"));
        appMenu.setGraphic(new FontIcon(Material2MZ.MENU));
        appMenu.setTooltip(new javafx.scene.control.Tooltip("dbdock settings and Quit"));
        darkToggle.selectedProperty().addListener((o, was, dark) -> {
            applyTheme(dark);
            themeChosen.accept(dark);
        });

        vm.revealProperty().addListener((o, was, now) -> {
            if (now != null) {
                select(now);
            }
        });
        vm.revealProjectProperty().addListener((o, was, now) -> {
            if (now != null) {
                selectProject(now);
            }
        });
        noticeBox.setId("notice");
        noticeBox.getStyleClass().add("notice");
        noticeText.setId("notice-text");
        noticeFix.setId("notice-fix");
        noticeFix.getStyleClass().addAll(Styles.ACCENT, Styles.SMALL);
        noticeClose.setId("notice-close");
        noticeClose.getStyleClass().addAll(Styles.FLAT, Styles.SMALL, Styles.BUTTON_ICON);
        noticeClose.setTooltip(new javafx.scene.control.Tooltip("Dismiss"));
        noticeClose.setOnAction(e -> dismissShown());
        noticeBox.getProperties().put("shown", 0);
        // The message gives way (with its whole text as a tooltip); the buttons never do.
        noticeText.setMinWidth(0);
        noticeFix.setMinWidth(Region.USE_PREF_SIZE);
        noticeClose.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(noticeText, javafx.scene.layout.Priority.SOMETIMES);
        display(null);
        statusBar.getChildren().add(0, noticeBox);
        vm.noticeProperty().addListener((o, was, notice) -> {
            if (notice != null && !deliveredElsewhere.test(notice)) {
                show(notice);
            }
        });
    }

    /** How wide the bar's items are with their words, measured when they last had them (0: not yet). */
    private double labelledToolbarWidth;

    /**
     * The toolbar's buttons show icons only (each keeps its words as a tooltip) when their words do
     * not fit, so nothing goes into the toolbar's overflow. Measured, not a fixed width: the words'
     * width follows the font and the desktop's scale.
     */
    private void compactWhenNarrow() {
        java.util.List<javafx.scene.control.ButtonBase> buttons = java.util.List.of(newButton, startButton, stopButton, restartButton,
                copyButton, shellButton, deleteButton);
        for (javafx.scene.control.ButtonBase b : buttons) {
            javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
            tip.textProperty().bind(b.textProperty());
            b.setTooltip(tip);
        }
        toolBar.widthProperty().addListener((o, was, now) -> {
            double width = now.doubleValue();
            if (width <= 0) {
                return;
            }
            boolean labelled = newButton.getContentDisplay() != javafx.scene.control.ContentDisplay.GRAPHIC_ONLY;
            if (labelled || labelledToolbarWidth == 0) {
                labelledToolbarWidth = toolbarItemsWidth();
            }
            javafx.scene.control.ContentDisplay display = width < labelledToolbarWidth
                    ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY : javafx.scene.control.ContentDisplay.LEFT;
            for (javafx.scene.control.ButtonBase b : buttons) {
                if (b.getContentDisplay() != display) {
                    b.setContentDisplay(display);
                }
            }
        });
    }

    /** The width the toolbar's items ask for side by side (the spacer's share aside), with the bar's padding and gaps. */
    private double toolbarItemsWidth() {
        double gap = toolBar.lookup(".container") instanceof javafx.scene.layout.HBox box ? box.getSpacing() : 4;
        double width = toolBar.snappedLeftInset() + toolBar.snappedRightInset();
        for (javafx.scene.Node item : toolBar.getItems()) {
            width += item.prefWidth(-1) + gap;
        }
        return Math.ceil(width);
    }

    /** Keyboard: Ctrl+N new, Delete, Ctrl+Shift+C copy URI, Ctrl+F filter, F5 refresh. */
    public void installShortcuts(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), () -> {
            if (!newButton.isDisabled()) {
                openNewDialog(null);
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.DELETE), () -> {
            if (!deleteButton.isDisabled()) {
                confirmDeleteChosen();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> withSelected(this::copyUri));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            filterField.requestFocus();
            filterField.selectAll();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), () -> {
            vm.refresh();
            alsoOnRefresh.forEach(Runnable::run);
        });
    }

    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /**
     * A double-click on a row: its details show (they do on selection) at a usable height, even when the
     * divider was dragged down until they hid.
     */
    void openDetails() {
        if (details.isVisible() && !usable(listAndDetails.getDividerPositions()[0])) {
            detailsDivider = DEFAULT_DIVIDER;
            listAndDetails.setDividerPositions(detailsDivider);
        }
    }

    private static boolean usable(double divider) {
        return divider >= USABLE_FROM && divider <= USABLE_TO;
    }

    /** Where the split between the list and the details sits while the details show (0 to 1). */
    public double detailsDivider() {
        return details.isVisible() ? listAndDetails.getDividerPositions()[0] : detailsDivider;
    }

    /** The split to use when the details show (a saved one; ignored unless it leaves both parts usable). */
    public void setDetailsDivider(double position) {
        if (usable(position)) {
            detailsDivider = position;
            if (details.isVisible()) {
                listAndDetails.setDividerPositions(position);
            }
        }
    }

    private ListResources resources;

    /** CPU and memory in the rows of running instances, while {@code showing} (the window is on screen). */
    public void followResources(javafx.beans.value.ObservableBooleanValue showing) {
        resources = ListResources.following(vm, showing, tasks, javafx.application.Platform::runLater);
    }

    /** Stops reading resource use (the app ends). */
    public void stopFollowingResources() {
        if (resources != null) {
            resources.close();
        }
    }

    /** How to build the details panel; it is built once, by {@link #loadDetails()}. */
    public void setDetailsView(java.util.function.Supplier<javafx.scene.Node> view) {
        this.detailsView = view;
    }

    /** Builds the details panel if it is not there yet (after the first frame, or at the first selection). */
    public void loadDetails() {
        if (details.getChildren().isEmpty()) {
            javafx.scene.Node view = detailsView.get();
            if (view != null) {
                details.getChildren().setAll(view);
            }
        }
    }

    private ContextMenu rowMenu() {
        MenuItem start = new MenuItem("Start", new FontIcon(Material2MZ.PLAY_ARROW));
        start.textProperty().bind(startButton.textProperty());
        start.setOnAction(e -> vm.startChosen());
        start.disableProperty().bind(startButton.disableProperty());
        MenuItem stop = new MenuItem("Stop", new FontIcon(Material2MZ.STOP));
        stop.setOnAction(e -> vm.stopChosen());
        stop.disableProperty().bind(stopButton.disableProperty());
        MenuItem restart = new MenuItem("Restart", new FontIcon(Material2MZ.REFRESH));
        restart.setOnAction(e -> withSelected(vm::restart));
        restart.disableProperty().bind(restartButton.disableProperty());
        MenuItem copy = new MenuItem("Copy connection URI", new FontIcon(Material2AL.CONTENT_COPY));
        copy.setOnAction(e -> withSelected(this::copyUri));
        MenuItem shell = new MenuItem("Open shell", new FontIcon(Material2AL.CODE));
        shell.setOnAction(e -> shellButton.fire());
        shell.disableProperty().bind(shellButton.disableProperty());
        MenuItem delete = new MenuItem("Delete…", new FontIcon(Material2AL.DELETE));
        delete.setOnAction(e -> confirmDeleteChosen());
        delete.disableProperty().bind(deleteButton.disableProperty());
        // Shown only when the server refuses the stored password (its data was made with another one).
        MenuItem fixPassword = new MenuItem("Fix password", new FontIcon(Material2AL.LOCK_OPEN));
        fixPassword.setId("fix-password");
        fixPassword.setOnAction(e -> withSelected(vm::fixPassword));
        fixPassword.visibleProperty().bind(vm.selectedRefusesStoredPassword());
        return new ContextMenu(start, stop, restart, fixPassword, new SeparatorMenuItem(), copy, shell,
                new SeparatorMenuItem(), delete);
    }

    private static final javafx.css.PseudoClass PROJECT_ROW = javafx.css.PseudoClass.getPseudoClass("project");

    /** A project's row: bring it up (its dbdock.json as it is now), stop it, or open its folder. */
    private ContextMenu groupMenu() {
        MenuItem up = new MenuItem("Up", new FontIcon(Material2MZ.PLAY_ARROW));
        up.setId("project-up");
        up.setOnAction(e -> withSelectedGroup(vm::projectUp));
        MenuItem down = new MenuItem("Down", new FontIcon(Material2MZ.STOP));
        down.setId("project-down");
        down.setOnAction(e -> withSelectedGroup(vm::projectDown));
        MenuItem folder = new MenuItem("Open folder", new FontIcon(Material2AL.FOLDER_OPEN));
        folder.setId("project-folder");
        folder.setOnAction(e -> withSelectedGroup(g -> openFolder.accept(g)));
        return new ContextMenu(up, down, new SeparatorMenuItem(), folder);
    }

    /** How a project's folder is shown (the desktop's file manager). */
    public void setOpenFolder(java.util.function.Consumer<ProjectGroup> open) {
        this.openFolder = open;
    }

    private void withSelectedGroup(java.util.function.Consumer<ProjectGroup> action) {
        TreeItem<InstanceRow> t = table.getSelectionModel().getSelectedItem();
        if (t != null && t.getValue() instanceof ProjectGroup g) {
            action.accept(g);
        }
    }

    private void withSelected(java.util.function.Consumer<InstanceItem> action) {
        InstanceItem item = vm.selectedProperty().get();
        if (item != null) {
            action.accept(item);
        }
    }

    private void copyUri(InstanceItem item) {
        vm.copyUri(item, this::toClipboard);
    }

    // ---- for the tray ----------------------------------------------------------------------------

    public void copyUriOf(InstanceItem item) {
        copyUri(item);
    }

    public void openShellFor(InstanceItem item) {
        vm.openShell(item, TerminalLauncher.forThisComputer(), this::toClipboard);
    }

    public void select(InstanceItem item) {
        TreeItem<InstanceRow> leaf = tree.leaf(item);
        if (leaf == null && vm.items().contains(item) && !vm.filterProperty().get().isBlank()) {
            vm.filterProperty().set(""); // an instance to show (one just created, one picked in the tray) is never filtered away
            leaf = tree.leaf(item);
        }
        if (leaf == null) {
            return;
        }
        if (leaf.getParent() != null) {
            leaf.getParent().setExpanded(true);
        }
        table.getSelectionModel().clearAndSelect(table.getRow(leaf));
        int row = table.getRow(leaf);
        if (row >= 0) {
            table.scrollTo(row);
        }
        table.requestFocus();
    }

    /** A folder under the user's home as ~/...: shorter, and how people say it. */
    static String homeShort(String folder) {
        String home = System.getProperty("user.home");
        return folder != null && home != null && !home.isEmpty() && (folder.equals(home) || folder.startsWith(home + "/"))
                ? "~" + folder.substring(home.length()) : folder;
    }

    /** Selects a project's row (after Open project...), if the list has it. */
    public void selectProject(String project) {
        TreeItem<InstanceRow> group = tree.group(project);
        if (group != null) {
            table.getSelectionModel().clearAndSelect(table.getRow(group));
            table.scrollTo(Math.max(0, table.getRow(group)));
        }
    }

    /** The window's app menu (settings that concern the app, and Quit). */
    public MenuButton appMenu() {
        return appMenu;
    }

    private void toClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void confirmDeleteChosen() {
        java.util.List<InstanceItem> targets = vm.deletableChosen();
        if (!targets.isEmpty()) {
            DeleteConfirmation.ask(table.getScene().getWindow(), targets).ifPresent(deleteData -> vm.delete(targets, deleteData));
        }
    }

    private void openNewDialog(EngineSpec engine) {
        var names = vm.items().stream().map(i -> i.nameProperty().get()).toList();
        NewInstanceDialog dialog = new NewInstanceDialog(table.getScene().getWindow(),
                new NewInstanceViewModel(vm.service(), tasks, names), engine);
        dialog.showAndWait().ifPresent(vm::create);
    }

    /**
     * A notice in the status bar (it covers nothing and moves nothing); which one shows is the
     * shelf's rule (see {@link NoticeShelf}). The count shown is on the node's properties
     * ("shown"), for tests that check which channel told the user.
     */
    private void show(MainViewModel.Notice notice) {
        display(shelf.add(notice));
        noticeBox.getProperties().put("shown", shelf.count());
        newsTimer.stop();
        if (!notice.error()) {
            newsTimer.setOnFinished(e -> display(shelf.newsEnded()));
            newsTimer.playFromStart();
        }
    }

    private void display(MainViewModel.Notice notice) {
        noticeBox.setVisible(notice != null);
        noticeBox.setManaged(notice != null);
        if (notice == null) {
            return;
        }
        noticeIcon.setIconCode(notice.error() ? Material2AL.ERROR_OUTLINE : Material2AL.CHECK_CIRCLE);
        noticeBox.getStyleClass().removeAll("error", "news");
        noticeBox.getStyleClass().add(notice.error() ? "error" : "news");
        noticeText.setText(notice.text());
        noticeText.setTooltip(new javafx.scene.control.Tooltip(notice.text()));
        noticeFix.setVisible(notice.offer().isPresent());
        noticeFix.setManaged(notice.offer().isPresent());
        notice.offer().ifPresent(offer -> {
            noticeFix.setText(offer.label());
            noticeFix.setOnAction(e -> {
                dismissShown();
                offer.action().run();
            });
        });
    }

    private void dismissShown() {
        newsTimer.stop();
        display(shelf.dismissShown());
    }

    /** The state as a coloured pill, with a progress bar while pulling and the reason beside it. */
    private static final class StateCell extends TreeTableCell<InstanceRow, InstanceState> {
        private final Label pill = new Label();
        private final Label detail = new Label();
        private final Label resources = new Label();
        /** Made at the first pull: a progress bar's skin on every row cost the first frame for nothing. */
        private ProgressBar progress;
        private final HBox box = new HBox(8, pill, resources, detail);
        private InstanceItem boundTo;

        StateCell() {
            pill.getStyleClass().add("state-pill");
            pill.setMinWidth(Region.USE_PREF_SIZE); // the state always reads whole; a long reason gives way
            detail.getStyleClass().add("state-detail");
            detail.setMinWidth(0);
            resources.getStyleClass().add("state-resources");
            resources.setMinWidth(Region.USE_PREF_SIZE);
            // Shown only while there is a reading: an empty label would still take a gap.
            resources.managedProperty().bind(resources.textProperty().isEmpty().not());
            resources.visibleProperty().bind(resources.managedProperty());
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(InstanceState state, boolean empty) {
            super.updateItem(state, empty);
            InstanceRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (row instanceof ProjectGroup g) {
                // A project's row sums its databases up ("All 3 Ready").
                pill.textProperty().unbind();
                detail.textProperty().unbind();
                resources.textProperty().unbind();
                resources.setText("");
                boundTo = null;
                pill.getStyleClass().removeIf(c -> !c.equals("state-pill") && !c.equals("label"));
                pill.textProperty().bind(g.summaryProperty());
                pill.getStyleClass().add("project-summary");
                showProgress(false, 0);
                detail.setText("");
                box.setId("state-project-" + g.name());
                setGraphic(box);
                return;
            }
            if (empty || state == null || !(row instanceof InstanceItem item)) {
                setGraphic(null);
                return;
            }
            String resourcesId = "resources-" + item.nameProperty().get();
            if (!resourcesId.equals(resources.getId())) {
                resources.setId(resourcesId);
            }
            if (pill.textProperty().isBound()) {
                pill.textProperty().unbind();
            }
            pill.setText(state.label());
            String stateClass = state.name().toLowerCase(java.util.Locale.ROOT);
            if (!pill.getStyleClass().contains(stateClass)) { // a style class change re-applies CSS: only when it changes
                pill.getStyleClass().removeIf(c -> !c.equals("state-pill") && !c.equals("label"));
                pill.getStyleClass().add(stateClass);
            }
            boolean pulling = state == InstanceState.PULLING;
            // Indeterminate only while pulling: an indeterminate bar animates, and an animation keeps JavaFX drawing.
            showProgress(pulling, !pulling ? 0 : item.progressProperty().get() < 0 ? -1 : item.progressProperty().get() / 100.0);
            // The detail changes without the state (a failed start keeps Stopped): follow it, not just read it.
            if (!detail.textProperty().isBound() || boundTo != item) {
                detail.textProperty().bind(item.detailProperty());
                resources.textProperty().bind(item.resourcesProperty());
                boundTo = item;
            }
            String id = "state-" + item.nameProperty().get();
            if (!id.equals(box.getId())) {
                box.setId(id);
            }
            if (getGraphic() != box) {
                setGraphic(box);
            }
        }

        private void showProgress(boolean shown, double value) {
            if (progress == null) {
                if (!shown) {
                    return;
                }
                progress = new ProgressBar();
                progress.setPrefWidth(90);
                box.getChildren().add(1, progress);
            }
            progress.setVisible(shown);
            progress.setManaged(shown);
            progress.setProgress(value);
        }
    }

    /** The fingerprint in a confirmation; trusted only when the user says so (never for a changed key: none is offered). */
    private void askToTrust(Remedy.TrustHostKey key, Runnable reconnect) {
        if (key != null && Confirm.ask(trustKeyButton.getScene().getWindow(), "Trust SSH host key",
                "Trust the host key of " + key.host() + "?",
                "It shows\n" + key.fingerprint() + "\n\nTrust it only if this is the key the machine's owner gives you: "
                        + "someone between this computer and the machine could show you another. dbdock adds it to "
                        + "~/.ssh/known_hosts, where ssh finds it too.", "Trust key", "trust-key-confirm", 560)) {
            vm.trustHostKey(key, reconnect);
        }
    }
}
