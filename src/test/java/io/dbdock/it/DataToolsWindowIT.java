package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.screenshot;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.backup.BackupInfo;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.StorageEntry;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.main.InstanceItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The Backups tab and the Storage window in a real display against the real engine: back up,
 * restore (confirmed), clone (named, and refused in plain words when the name is taken), delete
 * a backup, and remove the data a restore set aside, without blocking the FX thread.
 */
@RequiresDisplay
@RequiresDocker
class DataToolsWindowIT {
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
            assertEquals(List.of(), watchdog.blockedStacks(), "dbdock blocked the FX thread for more than 100 ms");
        }
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        if (t != null) {
            t.close();
        }
    }

    private InstanceService service() {
        return app.viewModel().service();
    }

    private List<String> read(String name) throws Exception {
        InstanceRecord r = service().find(name);
        return DataClient.read(service().engine(r), service().endpoint(r));
    }

    private void write(String name, String value) throws Exception {
        InstanceRecord r = service().find(name);
        DataClient.write(service().engine(r), service().endpoint(r), value);
    }

    private String text(String id) throws Exception {
        return onFx(() -> robot.lookup(id).queryAs(Label.class).getText());
    }

    @SuppressWarnings("unchecked")
    private <T> TableView<T> table(String id) {
        return robot.lookup(id).queryAs(TableView.class);
    }

    private void select(String name) throws Exception {
        waitUntil(name + " is listed", 20_000, () -> app.viewModel().items().stream().anyMatch(i -> i.nameProperty().get().equals(name)));
        onFx(() -> {
            WindowSupport.selectRow(robot.lookup("#instance-table").query(),
                    app.viewModel().items().stream().filter(i -> i.nameProperty().get().equals(name)).findFirst().orElseThrow());
            return null;
        });
    }

    private void waitForStatus(String prefix, long timeoutMs) throws Exception {
        try {
            waitUntil("the Backups tab says '" + prefix + "…'", timeoutMs, () -> text("#backup-status").startsWith(prefix));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; it says: " + text("#backup-status"), e);
        }
    }

    @Test
    void backUpRestoreCloneDeleteAndRemoveOldDataFromTheWindow() throws Exception {
        String name = t.name("win");
        String copy = t.name("wcopy");
        service().create(CreateRequest.of("postgres").withName(name).withStorage(StorageKind.FOLDER), null);
        write(name, "first");
        select(name);
        robot.clickOn("Backups");
        robot.clickOn("#backup-now");
        waitForStatus("Backed up " + name, 60_000);
        waitUntil("the backup is listed", 10_000, () -> onFx(() -> table("#backup-table").getItems().size() == 1));
        BackupInfo backup = onFx(() -> (BackupInfo) table("#backup-table").getItems().get(0));
        assertTrue(Files.isRegularFile(backup.file()));
        screenshot(robot, "backups-tab");

        write(name, "second");
        onFx(() -> {
            table("#backup-table").getSelectionModel().select(0);
            return null;
        });
        robot.clickOn("#restore-backup");
        waitUntil("the restore asks first", 10_000, () -> robot.lookup("#confirm-restore").tryQuery().isPresent());
        robot.clickOn("#confirm-restore");
        waitForStatus("Restored " + name, 120_000);
        assertEquals(List.of("first"), read(name), "the window restored the backup's rows");
        waitUntil(name + " is Ready again in the list", 30_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(name) && i.state() == InstanceState.READY));

        // A taken name: the backend refuses, the tab says so in words, nothing is created.
        robot.clickOn("#clone-instance");
        waitUntil("the clone dialog is open", 10_000, () -> robot.lookup("#clone-name").tryQuery().isPresent());
        onFx(() -> {
            robot.lookup("#clone-name").queryAs(TextField.class).setText(name);
            return null;
        });
        robot.clickOn("#confirm-clone");
        waitUntil("the clone is refused", 60_000, () -> text("#backup-status").contains("already"));
        assertFalse(text("#backup-status").contains("Exception"), text("#backup-status"));

        robot.clickOn("#clone-instance");
        waitUntil("the clone dialog is open", 10_000, () -> robot.lookup("#clone-name").tryQuery().isPresent());
        onFx(() -> {
            robot.lookup("#clone-name").queryAs(TextField.class).setText(copy);
            return null;
        });
        robot.clickOn("#confirm-clone");
        waitForStatus("Cloned " + name + " into " + copy, 120_000);
        assertEquals(List.of("first"), read(copy));
        waitUntil("the copy is in the list", 20_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(copy)));

        select(name);
        waitUntil("the backup is listed again", 10_000, () -> onFx(() -> table("#backup-table").getItems().size() == 1));
        onFx(() -> {
            table("#backup-table").getSelectionModel().select(0);
            return null;
        });
        String restored = t.name("wnew");
        robot.clickOn("#restore-new");
        waitUntil("the name dialog is open", 10_000, () -> robot.lookup("#restore-new-name").tryQuery().isPresent());
        onFx(() -> {
            robot.lookup("#restore-new-name").queryAs(TextField.class).setText(restored);
            return null;
        });
        robot.clickOn("#confirm-restore-new");
        waitForStatus("Created " + restored, 120_000);
        assertEquals(List.of("first"), read(restored));
        select(name);
        waitUntil("the backup is listed again", 10_000, () -> onFx(() -> table("#backup-table").getItems().size() == 1));
        onFx(() -> {
            table("#backup-table").getSelectionModel().select(0);
            return null;
        });
        robot.clickOn("#delete-backup");
        waitUntil("the delete asks first", 10_000, () -> robot.lookup("#confirm-delete-backup").tryQuery().isPresent());
        robot.clickOn("#confirm-delete-backup");
        waitUntil("the backup is gone from the tab", 10_000, () -> onFx(() -> table("#backup-table").getItems().isEmpty()));
        assertFalse(Files.exists(backup.file()));

        robot.clickOn("#app-menu");
        robot.clickOn("#storage-menu");
        waitUntil("the storage window lists the set-aside data", 30_000, () -> onFx(() -> table("#storage-table").getItems().stream()
                .anyMatch(e -> ((StorageEntry) e).role() == StorageEntry.Role.PREVIOUS && name.equals(((StorageEntry) e).instance()))));
        assertTrue(text("#storage-total").startsWith("Total: "), text("#storage-total"));
        screenshot(robot, "storage-window");
        StorageEntry previous = onFx(() -> {
            TableView<StorageEntry> storage = table("#storage-table");
            StorageEntry e = storage.getItems().stream().filter(x -> x.role() == StorageEntry.Role.PREVIOUS && name.equals(x.instance()))
                    .findFirst().orElseThrow();
            storage.getSelectionModel().select(e);
            return e;
        });
        assertEquals(name, previous.instance());
        StorageEntry inUse = onFx(() -> {
            TableView<StorageEntry> storage = table("#storage-table");
            StorageEntry e = storage.getItems().stream().filter(x -> x.role() == StorageEntry.Role.IN_USE && x.instance().equals(name))
                    .findFirst().orElseThrow();
            storage.getSelectionModel().select(e);
            return e;
        });
        assertTrue(onFx(() -> robot.lookup("#storage-remove").queryAs(Node.class).isDisabled()),
                "the storage an instance runs on cannot be removed here");
        onFx(() -> {
            table("#storage-table").getSelectionModel().select(previous);
            return null;
        });
        robot.clickOn("#storage-remove");
        waitUntil("the removal asks first", 10_000, () -> robot.lookup("#confirm-remove-storage").tryQuery().isPresent());
        robot.clickOn("#confirm-remove-storage");
        waitUntil("the set-aside data is gone", 60_000, () -> text("#storage-status").startsWith("Removed"));
        assertFalse(Files.exists(Path.of(previous.location())));
        assertTrue(Files.isDirectory(Path.of(inUse.location())));
        assertEquals(List.of("first"), read(name));
        robot.clickOn("#storage-close");
    }

    /** The tab stays true: a backup the command line makes shows up in it, and each result line stays with its instance. */
    @Test
    void aCommandLineBackupShowsInTheOpenTabAndMessagesStayWithTheirInstance() throws Exception {
        String one = t.name("wcli");
        String other = t.name("wother");
        service().create(CreateRequest.of("redis").withName(one), null);
        service().create(CreateRequest.of("redis").withName(other), null);
        select(one);
        robot.clickOn("Backups");
        waitUntil("the tab has read " + one + "'s backups", 10_000, () -> onFx(() -> table("#backup-table").getItems().isEmpty()));

        CliRunner.Run backup = new CliRunner(t.root.path()).run(null, "backup", one);
        assertEquals(0, backup.code(), backup.err());
        waitUntil("the command line's backup is listed without F5", 15_000, () -> onFx(() -> table("#backup-table").getItems().size() == 1));

        robot.clickOn("#backup-now");
        waitForStatus("Backed up " + one, 60_000);
        waitUntil("both backups are listed", 10_000, () -> onFx(() -> table("#backup-table").getItems().size() == 2));
        select(other);
        waitUntil("the other instance's tab does not show " + one + "'s result", 10_000, () -> text("#backup-status").isEmpty());
        select(one);
        waitForStatus("Backed up " + one, 10_000);
    }

    /** Upgrade and roll back from the Backups tab; then the same dialog switches the Redis 7.2 instance to Valkey and back. */
    @Test
    void upgradeAndRollBackFromTheWindow() throws Exception {
        String name = t.name("wup");
        service().create(CreateRequest.of("redis").withName(name).withVersion("7.2"), null);
        write(name, "kept");
        select(name);
        robot.clickOn("Backups");
        assertFalse(onFx(() -> robot.lookup("#rollback-upgrade").queryAs(Node.class).isVisible()), "nothing to roll back yet");
        robot.clickOn("#upgrade-instance");
        waitUntil("the upgrade dialog is open", 10_000, () -> robot.lookup("#confirm-upgrade").tryQuery().isPresent());
        assertEquals("Upgrade", onFx(() -> robot.lookup("#confirm-upgrade").queryAs(javafx.scene.control.Button.class).getText()),
                "the button says what it does");
        assertEquals(List.of("7.4", "8", "Valkey 8", "Valkey 9"), onFx(() -> upgradeChoices().getItems().stream().map(String::valueOf).toList()));
        assertEquals("8", onFx(() -> String.valueOf(upgradeChoices().getValue())), "the newest Redis is the default");
        robot.clickOn("#confirm-upgrade");
        waitForStatus("Upgraded " + name + " to redis 8", 120_000);
        assertEquals("8", service().find(name).version());
        assertEquals(List.of("kept"), read(name));
        waitUntil("the rollback is offered", 10_000, () -> onFx(() -> robot.lookup("#rollback-upgrade").queryAs(Node.class).isVisible()));
        waitUntil("Upgrade is off on the newest version", 10_000,
                () -> onFx(() -> robot.lookup("#upgrade-instance").queryAs(Node.class).isDisabled()));
        assertEquals("Roll back to 7.2", onFx(() -> robot.lookup("#rollback-upgrade").queryAs(javafx.scene.control.Button.class).getText()));
        robot.clickOn("#rollback-upgrade");
        waitUntil("the rollback asks first", 10_000, () -> robot.lookup("#confirm-rollback").tryQuery().isPresent());
        assertEquals("Roll back", onFx(() -> robot.lookup("#confirm-rollback").queryAs(javafx.scene.control.Button.class).getText()));
        robot.clickOn("#confirm-rollback");
        waitForStatus("Rolled " + name + " back to redis 7.2", 120_000);
        assertEquals("7.2", service().find(name).version());
        assertEquals(List.of("kept"), read(name));
        waitUntil("the rollback is no longer offered", 10_000,
                () -> onFx(() -> !robot.lookup("#rollback-upgrade").queryAs(Node.class).isVisible()));
        waitUntil("Upgrade is on again on 7.2", 10_000, () -> onFx(() -> !robot.lookup("#upgrade-instance").queryAs(Node.class).isDisabled()));

        robot.clickOn("#upgrade-instance");
        waitUntil("the upgrade dialog is open", 10_000, () -> robot.lookup("#confirm-upgrade").tryQuery().isPresent());
        onFx(() -> {
            var choices = upgradeChoices();
            choices.getSelectionModel().select(choices.getItems().stream().map(String::valueOf).toList().indexOf("Valkey 9"));
            return null;
        });
        screenshot(robot, "upgrade-switch-to-valkey");
        robot.clickOn("#confirm-upgrade");
        waitForStatus("Upgraded " + name + " to valkey 9", 120_000);
        assertTrue(text("#backup-status").contains("Key counts of 1 database match the original."), text("#backup-status"));
        assertEquals("valkey", service().find(name).engine());
        assertEquals(List.of("kept"), read(name));
        waitUntil("the list says Valkey", 10_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(name) && i.record().engine().equals("valkey")));
        waitUntil("the rollback back to Redis is offered", 10_000, () -> onFx(() -> robot.lookup("#rollback-upgrade")
                .queryAs(javafx.scene.control.Button.class).getText().equals("Roll back to Redis 7.2")));
        robot.clickOn("#rollback-upgrade");
        waitUntil("the rollback asks first", 10_000, () -> robot.lookup("#confirm-rollback").tryQuery().isPresent());
        robot.clickOn("#confirm-rollback");
        waitForStatus("Rolled " + name + " back to redis 7.2", 120_000);
        assertEquals("redis", service().find(name).engine());
        assertEquals(List.of("kept"), read(name));

        robot.clickOn("#backup-daily");
        waitForStatus(name + " is backed up daily", 10_000);
        assertEquals(java.util.Optional.of(io.dbdock.backup.BackupSchedule.daily(7)), service().backupSchedule(name));
        robot.clickOn("#backup-daily");
        waitForStatus("No automatic backups of " + name, 10_000);
        assertEquals(java.util.Optional.empty(), service().backupSchedule(name));
    }

    /** What a failed menu wait saw: the selected row, the window's focus and the popups showing. */
    private String windowState() throws Exception {
        return onFx(() -> {
            InstanceItem selected = app.viewModel().selectedProperty().get();
            String row = selected == null ? "nothing selected" : selected.nameProperty().get() + " " + selected.state() + ": "
                    + selected.detailProperty().get();
            String windows = javafx.stage.Window.getWindows().stream()
                    .map(w -> w.getClass().getSimpleName() + (w.isShowing() ? " showing" : " hidden") + (w.isFocused() ? " focused" : ""))
                    .collect(java.util.stream.Collectors.joining(", "));
            return "selected: " + row + "; windows: " + windows;
        });
    }

    /** The choice list of the open upgrade dialog (on the FX thread). */
    private javafx.scene.control.ComboBox<?> upgradeChoices() {
        return robot.lookup("#upgrade-target").queryAs(javafx.scene.control.ComboBox.class);
    }

    /** A password changed inside the database: the row says so, and its menu's Fix password makes it Ready again. */
    @Test
    void fixPasswordFromTheRowMenu() throws Exception {
        String name = t.name("wfix");
        service().create(CreateRequest.of("postgres").withName(name), null);
        InstanceRecord r = service().find(name);
        Docker.run("exec", r.containerName(), "psql", "-U", "postgres", "-c", "ALTER ROLE postgres PASSWORD 'made-elsewhere'");
        service().restart(name, false);
        waitUntil(name + " says the stored password is refused", 60_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(name) && i.state() == InstanceState.UNHEALTHY
                        && i.detailProperty().get().contains("stored password")));
        select(name);
        Node row = onFx(() -> robot.lookup("#instance-table .tree-table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TreeTableRow<?> tr && tr.getItem() instanceof InstanceItem i
                        && i.nameProperty().get().equals(name)).findFirst().orElseThrow());
        robot.rightClickOn(row);
        try {
            waitUntil("the row menu offers Fix password", 10_000, () -> robot.lookup("Fix password").tryQuery().isPresent());
        } catch (AssertionError e) {
            screenshot(robot, "fix-password-menu-missing");
            throw new AssertionError(e.getMessage() + "; " + windowState(), e);
        }
        robot.clickOn("Fix password");
        waitUntil(name + " is Ready with the stored password", 60_000, () -> app.viewModel().items().stream()
                .anyMatch(i -> i.nameProperty().get().equals(name) && i.state() == InstanceState.READY));
        write(name, "opens");
        assertEquals(List.of("opens"), read(name), "a client logs in with the stored password");
    }
}
