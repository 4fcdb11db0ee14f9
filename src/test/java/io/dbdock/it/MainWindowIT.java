package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.screenshot;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceState;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.common.TerminalLauncher;
import io.dbdock.ui.main.InstanceItem;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import redis.clients.jedis.Jedis;

/** The desktop window in a real display, against the real engine: what a user does first. */
@RequiresDisplay
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MainWindowIT {
    private static TestInstances t;
    private static DesktopApp app;
    private static FxWatchdog watchdog;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        t = new TestInstances();
        app = WindowSupport.launchDesktop(t);
        waitUntil("Docker is shown as connected", 20_000,
                () -> app.viewModel().dockerTextProperty().get().startsWith("Docker "));
        watchdog = new FxWatchdog(100);
        watchdog.selfCheck();
    }

    @AfterAll
    static void close() throws Exception {
        if (watchdog != null) {
            watchdog.close();
            System.out.println("TIMING FX thread: longest stretch kept waiting by dbdock " + watchdog.maxBlockedMs()
                    + " ms; longest pause seen by a posted task " + watchdog.maxLateMs() + " ms; pauses over 100 ms: "
                    + watchdog.latePauses());
            // The pauses a posted task sees are JavaFX's own CSS and layout (a dialog's first pulse, a theme switch);
            // what must never happen is dbdock making the FX thread wait on Docker, files, sockets or locks.
            assertEquals(List.of(), watchdog.blockedStacks(), "dbdock blocked the FX thread for more than 100 ms");
            assertTrue(watchdog.maxBlockedMs() <= 100, watchdog.maxBlockedMs() + " ms blocked");
        }
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        if (t != null) {
            t.close();
        }
    }

    private InstanceItem item(String name) throws Exception {
        return onFx(() -> app.viewModel().items().stream().filter(i -> i.nameProperty().get().equals(name)).findFirst().orElse(null));
    }

    private void waitForState(String name, InstanceState state, long timeoutMs) throws Exception {
        try {
            waitUntil(name + " is " + state, timeoutMs, () -> app.viewModel().items().stream()
                    .anyMatch(i -> i.nameProperty().get().equals(name) && i.state() == state));
        } catch (AssertionError e) {
            String rows = onFx(() -> app.viewModel().items().stream()
                    .map(i -> i.nameProperty().get() + "=" + i.state() + " " + i.detailProperty().get()).toList().toString());
            throw new AssertionError(e.getMessage() + "; the list shows " + rows, e);
        }
    }

    private <T extends Node> T find(String query, Class<T> type) {
        return robot.lookup(query).queryAs(type);
    }

    private void select(String name) throws Exception {
        InstanceItem item = item(name);
        onFx(() -> {
            WindowSupport.selectRow(find("#instance-table", Node.class), item);
            return null;
        });
    }

    /** Ctrl+Shift+C on the selected row, and what it put on the clipboard. */
    private String copyUriWithTheShortcut(String scheme) throws Exception {
        onFx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the clipboard holds the URI", 10_000, () -> {
            String s = Clipboard.getSystemClipboard().getString();
            return s != null && s.startsWith(scheme);
        });
        return onFx(() -> Clipboard.getSystemClipboard().getString());
    }

    @Test
    @Order(1)
    void createThroughTheDialogCopyTheUriStopStartAndDeleteKeepingData() throws Exception {
        assertTrue(find("#empty-state", Node.class).isVisible(), "an empty list invites the first instance");
        screenshot(robot, "main-empty");

        robot.clickOn("#empty-redis");
        String name = t.name("gui");
        TextField nameField = find("#name-field", TextField.class);
        onFx(() -> {
            nameField.setText(name);
            return null;
        });
        waitUntil("the dialog suggested a port and allows Create", 10_000,
                () -> !find("#port-field", TextField.class).getText().isBlank() && !find("#create-button", Button.class).isDisabled());
        screenshot(robot, "new-instance-dialog");
        robot.clickOn("#create-button");

        waitUntil("the new instance is selected, its details shown", 10_000, () -> {
            InstanceItem selected = app.viewModel().selectedProperty().get();
            return selected != null && selected.nameProperty().get().equals(name);
        });
        waitForState(name, InstanceState.READY, 30_000);
        select(name);
        String uri = copyUriWithTheShortcut("redis://");
        try (Jedis jedis = new Jedis(java.net.URI.create(uri))) {
            assertEquals("PONG", jedis.ping(), "a real client connects with the copied URI");
        }

        if (TerminalLauncher.forThisComputer().terminalCommand(List.of("true")).isEmpty()) {
            // No terminal here (as in CI): the shell command goes to the clipboard, and it works.
            robot.clickOn("#shell-button");
            waitUntil("the shell command is on the clipboard", 10_000, () -> {
                String s = Clipboard.getSystemClipboard().getString();
                return s != null && s.startsWith("docker exec -it ");
            });
            String command = onFx(() -> Clipboard.getSystemClipboard().getString()).replace("docker exec -it ", "docker exec -i ");
            Process shell = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
            shell.getOutputStream().write("PING\n".getBytes());
            shell.getOutputStream().close();
            String answer = new String(shell.getInputStream().readAllBytes());
            assertEquals(0, shell.waitFor(), answer);
            assertTrue(answer.contains("PONG"), "the copied client command logs in: " + answer);
        }

        robot.clickOn("Logs");
        waitUntil("the log shows the server's lines", 10_000, () -> robot.lookup("#log-list")
                .queryListView().getItems().stream().anyMatch(l -> String.valueOf(l).contains("Ready to accept connections")));
        screenshot(robot, "details-logs");
        robot.clickOn("Resources");
        waitUntil("the resource charts have points", 15_000, () -> robot.lookup("#memory-chart")
                .queryAs(javafx.scene.chart.LineChart.class).getData().stream()
                .anyMatch(series -> ((javafx.scene.chart.XYChart.Series<?, ?>) series).getData().size() >= 2));
        assertTrue(onFx(() -> find("#cpu-chart", javafx.scene.chart.LineChart.class).getTitle()).matches("CPU: \\d+\\.\\d %"),
                "the CPU chart says the newest reading");
        assertTrue(onFx(() -> find("#memory-chart", javafx.scene.chart.LineChart.class).getTitle()).matches("Memory: [0-9.]+ MB"),
                "the memory chart says the newest reading");
        screenshot(robot, "details-resources");
        robot.clickOn("Connection");

        robot.clickOn("#stop-button");
        waitForState(name, InstanceState.STOPPED, 20_000);
        waitUntil("Start is enabled", 5_000, () -> !find("#start-button", Button.class).isDisabled());
        robot.clickOn("#start-button");
        waitForState(name, InstanceState.READY, 30_000);

        // A second instance, so the list shows several states at once.
        robot.clickOn("#new-button");
        onFx(() -> {
            find("#name-field", TextField.class).setText(t.name("gui-pg"));
            return null;
        });
        waitUntil("Create is allowed", 10_000, () -> !find("#create-button", Button.class).isDisabled());
        robot.clickOn("#create-button");
        waitUntil("the postgres instance shows up", 10_000, () -> app.viewModel().items().size() == 2);
        select(name);
        robot.clickOn("#stop-button");
        waitForState(name, InstanceState.STOPPED, 20_000);
        waitForState(t.name("gui-pg"), InstanceState.READY, 60_000);
        screenshot(robot, "main-several-states");

        robot.clickOn("#dark-toggle");
        screenshot(robot, "main-dark");
        robot.clickOn("#dark-toggle");

        Path data = Path.of(item(name).record().storageLocation());
        select(name);
        robot.clickOn("#delete-button");
        waitUntil("the confirmation is open", 10_000, () -> robot.lookup("#confirm-delete").tryQuery().isPresent());
        screenshot(robot, "delete-confirmation");
        robot.clickOn("#confirm-delete");
        waitUntil(name + " leaves the list", 20_000, () -> app.viewModel().items().stream().noneMatch(i -> i.nameProperty().get().equals(name)));
        assertTrue(Files.isDirectory(data), "the data is kept by default");

        // Settings: a new name applies at once, without touching the container.
        String pg = t.name("gui-pg");
        select(pg);
        robot.clickOn("Settings");
        onFx(() -> {
            find("#settings-name", TextField.class).setText(pg + "-renamed");
            return null;
        });
        screenshot(robot, "details-settings");
        robot.clickOn("#settings-apply");
        waitUntil("the list shows the new name", 10_000,
                () -> app.viewModel().items().stream().anyMatch(i -> i.nameProperty().get().equals(pg + "-renamed")));
        waitUntil("the tab says it is saved", 10_000, () -> !find("#settings-result", Label.class).getText().isBlank());
        double[] middles = onFx(() -> {
            Node result = find("#settings-result", Label.class);
            Node apply = find("#settings-apply", Button.class);
            var a = apply.localToScene(apply.getBoundsInLocal());
            var r = result.localToScene(result.getBoundsInLocal());
            return new double[] {(a.getMinY() + a.getMaxY()) / 2, (r.getMinY() + r.getMaxY()) / 2};
        });
        assertEquals(middles[0], middles[1], 2.0, "the result sits in line with Apply and Revert");
        screenshot(robot, "details-settings-saved");
    }

    @Test
    @Order(2)
    void theDialogRefusesABadNameAndATakenPortBesideTheField() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
            waitUntil("the dialog is open", 10_000, () -> robot.lookup("#name-field").tryQuery().isPresent());
            waitUntil("a port is suggested", 10_000, () -> !find("#port-field", TextField.class).getText().isBlank());
            onFx(() -> {
                find("#name-field", TextField.class).setText("bad/name");
                find("#port-field", TextField.class).setText(String.valueOf(held.getLocalPort()));
                return null;
            });
            waitUntil("the port error shows", 10_000, () -> find("#port-error", Label.class).isVisible());
            Label nameError = find("#name-error", Label.class);
            assertTrue(nameError.isVisible());
            assertTrue(nameError.getText().contains("may use letters, digits"), nameError.getText());
            assertEquals("Another program (java, process " + ProcessHandle.current().pid() + ") is listening on port " + held.getLocalPort() + ".",
                    find("#port-error", Label.class).getText(), "names the program holding the port");
            assertTrue(find("#create-button", Button.class).isDisabled(), "Create stays disabled");
            screenshot(robot, "new-instance-validation-error");
            robot.clickOn("Cancel");
        }
        assertFalse(onFx(() -> app.viewModel().items().stream().anyMatch(i -> i.nameProperty().get().equals("bad/name"))));
    }

    /** A port another program took while the instance was stopped: the notice says who, and its button moves and starts it. */
    @Test
    @Order(4)
    void aTakenPortIsFixedWithTheNoticesButton() throws Exception {
        String name = t.name("gui-port");
        int port = t.create(io.dbdock.instance.CreateRequest.of("redis").withName(name)).record().port();
        waitForState(name, InstanceState.READY, 30_000);
        t.service.stop(name);
        waitForState(name, InstanceState.STOPPED, 20_000);
        try (ServerSocket held = new ServerSocket()) {
            held.setReuseAddress(true);
            held.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            select(name);
            waitUntil("Start is enabled", 5_000, () -> !find("#start-button", Button.class).isDisabled());
            robot.clickOn("#start-button");
            waitUntil("the notice offers a new port", 20_000, () -> find("#notice-fix", Button.class).isVisible());
            String expected = "'" + name + "' cannot start on 127.0.0.1: another program (java, process " + ProcessHandle.current().pid()
                    + ") is listening on port " + port + ".";
            assertEquals(expected, item(name).detailProperty().get(), "the row keeps the reason");
            Button fix = find("#notice-fix", Button.class);
            assertTrue(fix.getText().matches("Move to port \\d+"), fix.getText());
            int offered = Integer.parseInt(fix.getText().replaceAll("\\D", ""));
            assertTrue(robot.lookup(expected).tryQuery().isPresent(), "the notice shows the reason");
            screenshot(robot, "port-conflict-notice");
            robot.clickOn("#notice-fix");
            waitForState(name, InstanceState.READY, 30_000);
            assertEquals(offered, item(name).record().port(), "moved to the port the button named");
            assertEquals("", item(name).detailProperty().get());
            assertFalse(find("#notice-fix", Button.class).isVisible(), "the fix went with its notice");
        }

        // Stopped with dbdock's own command line: news for the window, not "stopped outside dbdock".
        java.util.List<io.dbdock.ui.main.MainViewModel.Notice> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        onFx(() -> {
            app.viewModel().noticeProperty().addListener((o, was, now) -> {
                if (now != null) {
                    told.add(now);
                }
            });
            return null;
        });
        CliRunner.Run stop = new CliRunner(t.root.path()).run(null, "stop", name);
        assertEquals(0, stop.code(), stop.err());
        waitForState(name, InstanceState.STOPPED, 20_000);
        // (The Ready of the move may still arrive first: only the notice about the stop counts here.)
        java.util.function.Predicate<io.dbdock.ui.main.MainViewModel.Notice> aboutTheStop =
                n -> n.text().startsWith(name + " ") && n.text().contains("stopped");
        try {
            waitUntil("the window tells of the stop", 10_000, () -> told.stream().anyMatch(aboutTheStop));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; told: " + told, e);
        }
        io.dbdock.ui.main.MainViewModel.Notice notice = told.stream().filter(aboutTheStop).findFirst().orElseThrow();
        assertEquals(name + " was stopped from the command line or another dbdock window.", notice.text());
        assertFalse(notice.error());
    }

    /** PostgreSQL's extensions are check boxes in the dialog; a pgvector instance made there has the extension, created by dbdock. */
    @Test
    @Order(6)
    void aPgvectorInstanceFromTheDialogsCheckBoxes() throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitUntil("the dialog is open", 10_000, () -> robot.lookup("#name-field").tryQuery().isPresent());
        String name = t.name("gui-vectors");
        onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<io.dbdock.engine.EngineSpec> engines = find("#engine-box", javafx.scene.control.ComboBox.class);
            engines.setValue(engines.getItems().stream().filter(e -> e.id().equals("postgres")).findFirst().orElseThrow());
            return null;
        });
        waitUntil("the extensions show under PostgreSQL", 5_000, () -> robot.lookup("#extension-pgvector").tryQuery().isPresent()
                && find("#extension-pgvector", Node.class).isVisible());
        robot.clickOn("#extension-pgvector");
        robot.clickOn("#extension-postgis");
        waitUntil("two images cannot be combined: said beside the boxes", 5_000, () -> find("#extension-error", Label.class).isVisible());
        assertEquals("pgvector and PostGIS cannot be combined: no image has them all. Untick one.", find("#extension-error", Label.class).getText());
        assertTrue(find("#create-button", Button.class).isDisabled(), "Create waits");
        robot.clickOn("#extension-postgis");
        onFx(() -> {
            find("#name-field", TextField.class).setText(name);
            return null;
        });
        waitUntil("Create is allowed", 10_000, () -> !find("#create-button", Button.class).isDisabled()
                && !find("#extension-error", Label.class).isVisible());
        screenshot(robot, "new-instance-extensions");
        // Enter creates, wherever the focus is: here on the storage choice just clicked.
        robot.clickOn("#volume-storage");
        assertTrue(onFx(() -> find("#volume-storage", Node.class).isFocused()), "the radio button has the focus");
        robot.type(KeyCode.ENTER);
        waitUntil("Enter closed the dialog", 10_000, () -> robot.lookup("#name-field").tryQuery().isEmpty());
        waitForState(name, InstanceState.READY, 60_000);
        io.dbdock.model.InstanceRecord r = item(name).record();
        assertEquals(io.dbdock.model.StorageKind.VOLUME, r.storage());
        assertEquals("pgvector", r.variant());
        assertFalse(VariantQueries.extensionVersion(t.service.endpoint(r), "vector").isEmpty(), "vector is created");
        waitUntil("the list says which extension", 5_000, () -> robot.lookup("PostgreSQL + pgvector").tryQuery().isPresent());
        // Whole at the window's own width, not cut to "PostgreSQL + pgve…": the text drawn is the cell's text.
        screenshot(robot, "list-with-pgvector");
        java.util.function.Supplier<String> drawn = () -> {
            try {
                return onFx(() -> robot.lookup("PostgreSQL + pgvector").queryAll().stream()
                        .map(n -> n.lookup(".text") instanceof javafx.scene.text.Text text ? text.getText() : "?")
                        .collect(java.util.stream.Collectors.joining("; ")) + " in a column "
                        + ((javafx.scene.control.TreeTableView<?>) find("#instance-table", javafx.scene.control.TreeTableView.class)).getColumns().get(0).getWidth() + " px wide");
            } catch (Exception e) {
                return e.toString();
            }
        };
        try {
            waitUntil("the engine's name shows whole", 5_000, () -> java.util.List.of(drawn.get().split(" in a column ")[0].split("; ")).contains("PostgreSQL + pgvector"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": drawn as " + drawn.get(), e);
        }
    }

    /** About dbdock, from the app menu: the version, the Docker engine, where the data and logs are, the shortcuts. */
    @Test
    @Order(7)
    void aboutSaysWhatRunsAndWhereTheDataIs() throws Exception {
        robot.clickOn("#app-menu");
        robot.clickOn("#about");
        waitUntil("About is open", 10_000, () -> robot.lookup("#about-version").tryQuery().isPresent());
        assertEquals(io.dbdock.common.BuildInfo.version(), onFx(() -> find("#about-version", Label.class).getText()));
        assertEquals(t.root.path().toString(), onFx(() -> find("#about-data", Label.class).getText()));
        assertEquals(t.root.logsDir().toString(), onFx(() -> find("#about-logs", Label.class).getText()));
        assertEquals(app.viewModel().dockerTextProperty().get(), onFx(() -> find("#about-docker", Label.class).getText()));
        assertTrue(onFx(() -> find("#about-java", Label.class).getText()).startsWith(System.getProperty("java.runtime.version")));
        screenshot(robot, "about");
        robot.clickOn("#about-close");
        waitUntil("About closed", 10_000, () -> robot.lookup("#about-version").tryQuery().isEmpty());
    }

    /** The filter field narrows the list as one types (Ctrl+F gets there); Esc brings every instance back. */
    @Test
    @Order(8)
    void theFilterFieldNarrowsTheListAndEscBringsItBack() throws Exception {
        Node bar = find("#tool-bar", Node.class);
        assertTrue(onFx(() -> bar.lookupAll(".tool-bar-overflow-button").stream().noneMatch(Node::isVisible)),
                "at the window's own size the field fits on the bar too");
        java.util.function.Supplier<List<String>> rows = () -> {
            try {
                return onFx(() -> {
                    javafx.scene.control.TreeTableView<?> table = find("#instance-table", javafx.scene.control.TreeTableView.class);
                    List<String> names = new java.util.ArrayList<>();
                    for (int i = 0; i < table.getExpandedItemCount(); i++) {
                        Object row = table.getTreeItem(i).getValue();
                        if (row instanceof InstanceItem item) {
                            names.add(item.nameProperty().get());
                        }
                    }
                    return names;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<String> all = rows.get();
        assertTrue(all.size() >= 2, "instances to filter: " + all);
        String one = all.get(all.size() - 1);
        robot.clickOn("#instance-table");
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        waitUntil("Ctrl+F goes to the filter", 5_000, () -> onFx(() -> find("#filter-field", TextField.class).isFocused()));
        robot.write(one);
        waitUntil("only " + one + " is listed", 5_000, () -> rows.get().equals(List.of(one)));
        screenshot(robot, "list-filtered");
        robot.write("-no-such");
        waitUntil("nothing matches, and the list says so", 5_000, () -> rows.get().isEmpty() && onFx(() ->
                ((Label) find("#instance-table", javafx.scene.control.TreeTableView.class).getPlaceholder()).getText()
                        .equals("No instance matches \u201c" + one + "-no-such\u201d.")));
        robot.type(KeyCode.ESCAPE);
        waitUntil("Esc brings every instance back", 5_000, () -> rows.get().equals(all));
    }

    /**
     * The row's own buttons stop and start it and copy its URI; its CPU and memory show while it
     * runs; Ctrl-click selects two and Stop, Start and Delete act on both.
     */
    @Test
    @Order(9)
    void rowButtonsActOnTheirRowAndSeveralSelectedActTogether() throws Exception {
        String a = t.name("row-a");
        String b = t.name("row-b");
        t.create(io.dbdock.instance.CreateRequest.of("redis").withName(a));
        t.create(io.dbdock.instance.CreateRequest.of("redis").withName(b));
        waitForState(a, InstanceState.READY, 30_000);
        waitForState(b, InstanceState.READY, 30_000);
        waitUntil("the running rows show their CPU and memory", 20_000, () -> onFx(() -> {
            Node n = robot.lookup("#resources-" + a).tryQuery().orElse(null);
            return n instanceof Label l && l.isVisible() && l.getText().matches("\\d+ % CPU, [\\d.]+ (MB|GB)");
        }));
        screenshot(robot, "list-row-actions");

        robot.clickOn("#row-toggle-" + a);
        waitForState(a, InstanceState.STOPPED, 30_000);
        waitUntil("a stopped row shows no reading", 10_000, () -> onFx(() -> !robot.lookup("#resources-" + a).queryAs(Label.class).isVisible()));
        // The cell follows the row's state on the next pulse after the model's Stopped.
        waitUntil("the row's button offers Start", 5_000,
                () -> ("Start " + a).equals(find("#row-toggle-" + a, Button.class).getTooltip().getText()));
        robot.clickOn("#row-toggle-" + a);
        waitForState(a, InstanceState.READY, 30_000);

        onFx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        robot.clickOn("#row-copy-" + b);
        waitUntil("the row's copy button put its URI on the clipboard", 10_000, () -> {
            String uri = Clipboard.getSystemClipboard().getString();
            return uri != null && uri.startsWith("redis://") && uri.endsWith(":" + t.record(b).port() + "/0");
        });

        // Details dragged down out of sight: a double-click on a row brings them back at a usable height.
        select(b);
        javafx.scene.control.SplitPane split = find("#listAndDetails", javafx.scene.control.SplitPane.class);
        onFx(() -> {
            split.setDividerPositions(0.97);
            return null;
        });
        robot.doubleClickOn("#state-" + b);
        waitUntil("the double-click opened the details", 5_000, () -> onFx(() -> split.getDividerPositions()[0] < 0.6));

        select(a);
        robot.press(KeyCode.CONTROL).clickOn("#state-" + b).release(KeyCode.CONTROL);
        waitUntil("both are selected", 5_000, () -> onFx(() -> app.viewModel().chosen().size() == 2));
        assertTrue(onFx(() -> find("#copy-button", Button.class).isDisabled()), "Copy URI waits for a single instance");
        robot.clickOn("#stop-button");
        waitForState(a, InstanceState.STOPPED, 30_000);
        waitForState(b, InstanceState.STOPPED, 30_000);
        robot.clickOn("#start-button");
        waitForState(a, InstanceState.READY, 30_000);
        waitForState(b, InstanceState.READY, 30_000);
        String containerOfA = t.record(a).containerName();
        robot.clickOn("#delete-button");
        waitUntil("the confirmation names both", 5_000, () -> robot.lookup("Delete 2 instances?").tryQuery().isPresent());
        screenshot(robot, "delete-two-confirmation");
        robot.clickOn("#confirm-delete");
        waitUntil("both rows go", 30_000, () -> item(a) == null && item(b) == null);
        assertEquals(List.of(), Docker.run("ps", "-aq", "--filter", "name=" + containerOfA).lines().toList(),
                "their containers are removed");
    }

    /** At 800x600 nothing essential hides: every toolbar action is on the bar (as an icon), the State column shows whole. */
    @Test
    @Order(5)
    void at800x600EveryToolbarActionAndTheStateColumnShow() throws Exception {
        javafx.stage.Window w = onFx(() -> find("#instance-table", Node.class).getScene().getWindow());
        double[] before = onFx(() -> new double[] {w.getWidth(), w.getHeight()});
        try {
            Node bar = find("#tool-bar", Node.class);
            // Between the narrowest and a wide window (970 px once kept the words and pushed the menu into the overflow).
            for (int width : new int[] {1100, 970, 900, 800}) {
                onFx(() -> {
                    w.setWidth(width);
                    w.setHeight(600);
                    return null;
                });
                waitUntil("the window is " + width + "x600", 5_000, () -> w.getWidth() == width && w.getHeight() == 600);
                waitUntil("no toolbar overflow at " + width + " px", 5_000,
                        () -> onFx(() -> bar.lookupAll(".tool-bar-overflow-button").stream().noneMatch(Node::isVisible)));
                for (String id : List.of("new-button", "start-button", "stop-button", "restart-button", "copy-button", "shell-button",
                        "delete-button", "filter-field", "dark-toggle", "app-menu")) {
                    waitUntil(id + " is on the toolbar at " + width + " px", 5_000, () -> onFx(() -> {
                        Node n = bar.getScene().lookup("#" + id);
                        if (n == null || n.getScene() == null || !n.isVisible()) {
                            return false;
                        }
                        javafx.geometry.Bounds b = n.localToScene(n.getBoundsInLocal());
                        javafx.geometry.Bounds of = bar.localToScene(bar.getBoundsInLocal());
                        return b.getMinX() >= of.getMinX() && b.getMaxX() <= of.getMaxX() + 0.5;
                    }));
                }
                if (width == 1100) {
                    assertEquals(javafx.scene.control.ContentDisplay.LEFT, onFx(() -> find("#new-button", Button.class).getContentDisplay()),
                            "a wide window keeps the buttons' words");
                }
            }
            waitUntil("the toolbar shows icons at 800 px", 5_000,
                    () -> find("#new-button", Button.class).getContentDisplay() == javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            assertEquals("Start", onFx(() -> find("#start-button", Button.class).getTooltip().getText()), "the icon keeps its words");
            javafx.scene.control.TreeTableView<?> table = find("#instance-table", javafx.scene.control.TreeTableView.class);
            waitUntil("the columns fit the list (no sideways scrolling)", 5_000, () -> onFx(() ->
                    table.getColumns().stream().filter(c -> c.isVisible()).mapToDouble(c -> c.getWidth()).sum() <= table.getWidth()));
            assertTrue(onFx(() -> table.getColumns().stream().filter(c -> "State".equals(c.getText())).findFirst().orElseThrow()
                    .getWidth() >= 150), "the State column keeps room for its pill");
            select(app.viewModel().items().get(0).nameProperty().get());
            robot.clickOn("Backups");
            for (String id : List.of("backup-now", "delete-backup", "reveal-backups")) {
                waitUntil(id + " shows inside the window", 5_000, () -> onFx(() -> {
                    Node n = bar.getScene().lookup("#" + id);
                    javafx.geometry.Bounds b = n.localToScene(n.getBoundsInLocal());
                    return n.isVisible() && b.getMaxX() <= w.getWidth() && b.getMaxY() <= w.getHeight();
                }));
            }
            screenshot(robot, "main-800x600");
        } finally {
            onFx(() -> {
                w.setWidth(before[0]);
                w.setHeight(before[1]);
                return null;
            });
        }
    }

    /** Real MySQL 9 (caching_sha2_password): what Copy URI and Copy JDBC put on the clipboard opens it with MySQL's own driver. */
    @Test
    @Order(3)
    void copyUriAndCopyJdbcOpenRealMysql() throws Exception {
        String name = t.name("gui-mysql");
        t.create(io.dbdock.instance.CreateRequest.of("mysql").withVersion("9").withName(name));
        waitForState(name, InstanceState.READY, 60_000);
        select(name);
        String uri = copyUriWithTheShortcut("mysql://");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:" + uri);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT VERSION()")) {
            rs.next();
            assertTrue(rs.getString(1).startsWith("9."), "the copied URI opens real MySQL 9: " + rs.getString(1));
        }
        robot.clickOn("Connection");
        waitUntil("Copy JDBC is enabled", 10_000, () -> !find("#copyJdbc", Button.class).isDisabled());
        // Fired rather than clicked: the "copied" notice of Copy URI still covers the button for a few seconds.
        onFx(() -> {
            find("#copyJdbc", Button.class).fire();
            return null;
        });
        waitUntil("the clipboard holds the JDBC URL", 10_000, () -> {
            String s = Clipboard.getSystemClipboard().getString();
            return s != null && s.startsWith("jdbc:mysql://");
        });
        String jdbc = onFx(() -> Clipboard.getSystemClipboard().getString());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc)) {
            assertTrue(c.isValid(5), "the copied JDBC URL opens it");
        }
        screenshot(robot, "details-mysql");
        t.service.delete(name, true);
    }
}
