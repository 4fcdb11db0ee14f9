package io.dbdock.ui.details;

import io.dbdock.model.ResourceSample;
import io.dbdock.instance.InstanceState;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import io.dbdock.ui.common.FxCoalescer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** Binds the details tabs (connection, logs) to {@link DetailsViewModel}. */
public final class DetailsController {
    private static final String HIDDEN = "\u2022".repeat(12);
    private final DetailsViewModel vm;
    private final SettingsViewModel settings;
    private final FxCoalescer drain;
    @FXML private TextField settingsName;
    @FXML private Label settingsNameError;
    @FXML private TextField settingsPort;
    @FXML private Label settingsPortError;
    @FXML private javafx.scene.control.CheckBox settingsOtherMachines;
    @FXML private javafx.scene.control.CheckBox settingsAutoStart;
    @FXML private Label settingsRecreateNote;
    @FXML private Button settingsApply;
    @FXML private Button settingsRevert;
    @FXML private Label settingsResult;

    @FXML private TabPane tabs;
    @FXML private javafx.scene.control.Tab backupsTab;
    @FXML private TextField host;
    @FXML private TextField port;
    @FXML private TextField user;
    @FXML private TextField database;
    @FXML private TextField password;
    @FXML private ToggleButton revealPassword;
    @FXML private Button copyPassword;
    @FXML private TextField uri;
    @FXML private Button copyUri;
    @FXML private TextField jdbc;
    @FXML private Button copyJdbc;
    @FXML private TextArea env;
    @FXML private Button copyEnv;
    @FXML private ToggleButton pauseLogs;
    @FXML private TextField searchLogs;
    @FXML private Button copyLogs;
    @FXML private Label logStatus;
    @FXML private ListView<String> logList;
    @FXML private LineChart<Number, Number> cpuChart;
    @FXML private LineChart<Number, Number> memoryChart;
    private final XYChart.Series<Number, Number> cpuSeries = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> memorySeries = new XYChart.Series<>();

    public DetailsController(DetailsViewModel vm, SettingsViewModel settings) {
        this.vm = vm;
        this.settings = settings;
        // Lines and samples arrive on Docker's threads; they are moved in at most every 150 ms, and only when there are some.
        this.drain = new FxCoalescer(150, Platform::runLater, () -> {
            int before = vm.logLines().size();
            vm.drainLogs();
            vm.drainSamples();
            if (vm.logLines().size() != before && !vm.visibleLines().isEmpty()) {
                logList.scrollTo(vm.visibleLines().size() - 1);
            }
        });
        vm.setOnArrival(drain::request);
    }

    @FXML
    private void initialize() {
        vm.connectionProperty().addListener((o, was, c) -> fill(c));
        fill(vm.connectionProperty().get());
        revealPassword.selectedProperty().addListener((o, was, now) -> fill(vm.connectionProperty().get()));
        revealPassword.textProperty().bind(Bindings.when(revealPassword.selectedProperty()).then("Hide").otherwise("Show"));
        copyPassword.setOnAction(e -> copy(vm.connectionProperty().get() == null ? "" : vm.connectionProperty().get().password()));
        // Copy buttons always copy the real strings; the fields show them masked until revealed.
        copyUri.setOnAction(e -> copyFrom(DetailsViewModel.Connection::uri));
        copyJdbc.setOnAction(e -> copyFrom(DetailsViewModel.Connection::jdbc));
        copyJdbc.disableProperty().bind(jdbc.textProperty().isEmpty());
        copyEnv.setOnAction(e -> copyFrom(DetailsViewModel.Connection::env));

        logList.setItems(vm.visibleLines());
        logList.setFixedCellSize(20);
        vm.searchProperty().bind(searchLogs.textProperty());
        vm.pausedProperty().bind(pauseLogs.selectedProperty());
        pauseLogs.textProperty().bind(Bindings.when(pauseLogs.selectedProperty()).then("Resume").otherwise("Pause"));
        copyLogs.setOnAction(e -> copy(vm.visibleLogText()));
        logStatus.textProperty().bind(Bindings.createStringBinding(() -> !vm.logProblemProperty().get().isEmpty()
                        ? vm.logProblemProperty().get()
                        : vm.visibleLines().size() + " of " + vm.logLines().size() + " lines"
                        + (pauseLogs.isSelected() ? " (paused)" : ""),
                vm.logProblemProperty(), vm.visibleLines(), vm.logLines(), pauseLogs.selectedProperty()));

        // The log stream ends when the server stops, and there is none before a new instance's
        // container runs (it is selected as soon as it is listed): follow it when the instance starts.
        vm.instanceProperty().addListener((o, was, item) -> {
            if (item != null) {
                item.stateProperty().addListener((s, before, now) -> {
                    if (vm.instanceProperty().get() != item || now == null || before == null) {
                        return;
                    }
                    if (now.isRunning() && !before.isRunning()) {
                        vm.reloadLogs(); // started again (the old stream ended with the server)
                    } else if (now != InstanceState.STARTING && before == InstanceState.STARTING) {
                        // Ready: a new instance is listed (and selected) before its container exists, so
                        // the follow begun then found nothing; follow now if nothing arrived yet.
                        vm.followLogsIfNothingArrived();
                    }
                });
            }
        });
        bindSettings();
        cpuChart.getData().add(cpuSeries);
        memoryChart.getData().add(memorySeries);
        for (LineChart<Number, Number> chart : List.of(cpuChart, memoryChart)) {
            javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) chart.getXAxis();
            x.setAutoRanging(false);
            x.setUpperBound(0);
            x.setLowerBound(-60);
            x.setTickUnit(10);
            x.setMinorTickVisible(false);
            x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(Number n) {
                    return ResourceTitles.tick(n);
                }

                @Override
                public Number fromString(String text) {
                    return 0;
                }
            });
        }
        // The charts show the view model's bounded samples, newest on the right.
        vm.samples().addListener((javafx.collections.ListChangeListener<ResourceSample>) change -> redrawCharts());
        pauseLogs.selectedProperty().addListener((o, was, paused) -> drain.request()); // resumed: show what waited
    }

    private void bindSettings() {
        settingsName.textProperty().bindBidirectional(settings.nameProperty());
        settingsPort.textProperty().bindBidirectional(settings.portProperty());
        settingsOtherMachines.selectedProperty().bindBidirectional(settings.otherMachinesProperty());
        settingsAutoStart.selectedProperty().bindBidirectional(settings.autoStartProperty());
        for (var pair : java.util.Map.of(settingsNameError, settings.nameErrorProperty(),
                settingsPortError, settings.portErrorProperty()).entrySet()) {
            pair.getKey().textProperty().bind(pair.getValue());
            pair.getKey().visibleProperty().bind(pair.getValue().isNotEmpty());
            pair.getKey().managedProperty().bind(pair.getKey().visibleProperty());
        }
        settingsRecreateNote.visibleProperty().bind(settings.needsRecreateProperty());
        settingsRecreateNote.managedProperty().bind(settingsRecreateNote.visibleProperty());
        settingsApply.disableProperty().bind(settings.canApplyProperty().not());
        settingsRevert.disableProperty().bind(settings.changedProperty().not());
        settingsResult.textProperty().bind(settings.resultProperty());
        settingsRevert.setOnAction(e -> settings.revert());
        settingsApply.setOnAction(e -> {
            if (settings.needsRecreateProperty().get() && !confirmRecreate()) {
                return;
            }
            settings.apply();
        });
    }

    /** A new port or network means a new container: say so before doing it. */
    private boolean confirmRecreate() {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                "The container is recreated on the same data with the new port or network. A running instance "
                        + "stops briefly and starts again.", javafx.scene.control.ButtonType.CANCEL, javafx.scene.control.ButtonType.OK);
        alert.initOwner(tabs.getScene().getWindow());
        alert.setHeaderText("Recreate the container?");
        alert.getDialogPane().lookupButton(javafx.scene.control.ButtonType.OK).setId("confirm-recreate");
        return alert.showAndWait().orElse(javafx.scene.control.ButtonType.CANCEL) == javafx.scene.control.ButtonType.OK;
    }

    private void redrawCharts() {
        List<XYChart.Data<Number, Number>> cpu = new ArrayList<>();
        List<XYChart.Data<Number, Number>> memory = new ArrayList<>();
        if (!vm.samples().isEmpty()) {
            long newest = vm.samples().get(vm.samples().size() - 1).time().getEpochSecond();
            for (ResourceSample s : vm.samples()) {
                long x = s.time().getEpochSecond() - newest;
                cpu.add(new XYChart.Data<>(x, s.cpuPercent()));
                memory.add(new XYChart.Data<>(x, s.memoryBytes() / (1024.0 * 1024.0)));
            }
        }
        cpuSeries.getData().setAll(cpu);
        memorySeries.getData().setAll(memory);
        long span = vm.samples().isEmpty() ? 0
                : vm.samples().get(vm.samples().size() - 1).time().getEpochSecond() - vm.samples().get(0).time().getEpochSecond();
        double[] axis = ResourceTitles.timeAxis(span);
        for (LineChart<Number, Number> chart : List.of(cpuChart, memoryChart)) {
            javafx.scene.chart.NumberAxis x = (javafx.scene.chart.NumberAxis) chart.getXAxis();
            x.setLowerBound(axis[0]);
            x.setTickUnit(axis[1]);
        }
        cpuChart.setTitle(ResourceTitles.cpu(vm.samples()));
        memoryChart.setTitle(ResourceTitles.memory(vm.samples()));
    }

    private void fill(DetailsViewModel.Connection c) {
        boolean shown = revealPassword.isSelected();
        host.setText(c == null ? "" : c.host());
        port.setText(c == null ? "" : String.valueOf(c.port()));
        user.setText(c == null ? "" : c.user());
        database.setText(c == null ? "" : c.database());
        password.setText(c == null ? "" : shown ? c.password() : HIDDEN);
        uri.setText(c == null ? "" : shown ? c.uri() : mask(c.uri(), c.password()));
        jdbc.setText(c == null ? "" : shown ? c.jdbc() : mask(c.jdbc(), c.password()));
        env.setText(c == null ? "" : shown ? c.env() : mask(c.env(), c.password()));
    }

    /** The text with the password (plain or percent-encoded) replaced by dots. */
    static String mask(String text, String password) {
        if (password.isEmpty()) {
            return text;
        }
        return text.replace(io.dbdock.engine.ConnectionFormats.encode(password), HIDDEN).replace(password, HIDDEN);
    }

    private void copyFrom(java.util.function.Function<DetailsViewModel.Connection, String> part) {
        DetailsViewModel.Connection c = vm.connectionProperty().get();
        if (c != null) {
            copy(part.apply(c));
        }
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** Whether the Backups tab is the one shown (its view model reads only then). */
    public javafx.beans.value.ObservableBooleanValue backupsShown() {
        return backupsTab.selectedProperty();
    }

    /** The open tab's id (connection-tab, logs-tab, ...), to open it again next time. */
    public String selectedTab() {
        var tab = tabs.getSelectionModel().getSelectedItem();
        return tab == null ? null : tab.getId();
    }

    /** Opens the tab with this id, if there is one. */
    public void selectTab(String id) {
        tabs.getTabs().stream().filter(t -> id != null && id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    public void stop() {
        vm.setOnArrival(() -> { });
        vm.close();
    }
}
