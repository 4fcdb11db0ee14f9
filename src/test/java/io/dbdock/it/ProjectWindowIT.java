package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceState;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.main.InstanceRow;
import io.dbdock.ui.main.ProjectGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * A project opened in the window (what Open project... does once a folder is chosen): its group
 * appears with its three databases (real PostgreSQL, Redis and MariaDB), all Ready, and Down from
 * the group's menu stops them.
 */
@RequiresDisplay
@RequiresDocker
class ProjectWindowIT {
    private static TestInstances t;
    private static DesktopApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        t = new TestInstances();
        app = WindowSupport.launchDesktop(t);
        waitUntil("Docker is shown as connected", 20_000, () -> app.viewModel().dockerTextProperty().get().startsWith("Docker "));
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
        if (t != null) {
            t.close();
        }
    }

    private List<TreeItem<InstanceRow>> rows() throws Exception {
        return onFx(() -> WindowSupport.rows(robot.lookup("#instance-table").query()));
    }

    @Test
    void anOpenedProjectShowsAsAGroupOfReadyDatabasesAndItsMenuBringsItDown() throws Exception {
        Path folder = Files.createTempDirectory(t.root.path().getParent(), "webshop-");
        Files.writeString(folder.resolve("dbdock.json"), """
                {"project": "webshop", "databases": {
                  "main": {"engine": "postgres", "version": "17"},
                  "cache": {"engine": "redis"},
                  "orders": {"engine": "mariadb", "version": "11.8"}}}
                """);
        onFx(() -> {
            app.viewModel().openProject(folder);
            return null;
        });
        waitUntil("the project's group shows three Ready databases", 120_000, () -> {
            List<TreeItem<InstanceRow>> rows = WindowSupport.rows(robot.lookup("#instance-table").query());
            return rows.size() == 4 && rows.get(0).getValue() instanceof ProjectGroup g && g.name().equals("webshop")
                    && rows.subList(1, 4).stream().allMatch(r -> r.getValue() instanceof InstanceItem i && i.state() == InstanceState.READY);
        });
        List<TreeItem<InstanceRow>> rows = rows();
        assertEquals(List.of("webshop-main", "webshop-cache", "webshop-orders"), onFx(() -> rows.subList(1, 4).stream()
                .map(r -> ((InstanceItem) r.getValue()).nameProperty().get()).sorted(java.util.Comparator.comparing(n ->
                        List.of("webshop-main", "webshop-cache", "webshop-orders").indexOf(n))).toList()));
        ProjectGroup group = (ProjectGroup) rows.get(0).getValue();
        waitUntil("the group says all are Ready", 5_000, () -> group.summaryProperty().get().equals("All 3 Ready"));
        assertEquals(folder.toString(), onFx(() -> group.folderProperty().get()));
        waitUntil("the notice says the project is up", 10_000, () -> {
            var n = app.viewModel().noticeProperty().get();
            return n != null && n.text().equals("webshop is up: all 3 databases are Ready; wrote .env.");
        });
        assertTrue(Files.readString(folder.resolve(".env")).contains("MAIN_URL=postgresql://"));
        WindowSupport.screenshot(robot, "project-group");

        // The group's own menu: Down stops its databases.
        Node groupRow = onFx(() -> robot.lookup("#instance-table .tree-table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TreeTableRow<?> r && r.getItem() instanceof ProjectGroup)
                .findFirst().orElseThrow());
        robot.rightClickOn(groupRow);
        waitUntil("the group's menu offers Down", 10_000, () -> robot.lookup("Down").tryQuery().isPresent());
        robot.clickOn("Down");
        waitUntil("the project's databases are stopped", 60_000, () -> group.summaryProperty().get().equals("Stopped"));
    }
}
