package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onAwt;
import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.screenshot;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.DesktopApp;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The window while its Docker engine is down: a private second dockerd (see
 * {@link SecondDockerEngine}) is killed with SIGKILL while the window shows a Ready instance; the
 * full-window explanation appears with the socket that was tried, nothing can be created, the
 * instance record is untouched; the engine is started again and the list comes back by itself,
 * Ready, without a click. The tray says the same meanwhile and offers no instance actions.
 */
@RequiresDisplay
@RequiresDocker
class DockerDownWindowIT {
    private static SecondDockerEngine engine;
    private static TestInstances t;
    private static DesktopApp app;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        Requirements.requireTray(); // the tray is a front end too: it must say Docker is down
        engine = SecondDockerEngine.start();
        engine.loadImages(Requirements.IMAGE_PREFIX + "redis:8");
        t = new TestInstances(engine.connection());
        t.create(CreateRequest.of("redis").withName(t.name("comes-back")));
        app = WindowSupport.launchDesktop(t, engine::connection);
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
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void unavailableStateExplainsAndTheListComesBackByItself() throws Exception {
        waitUntil("the instance is Ready in the window", 20_000, () -> readyShown());
        String statusBefore = onFx(() -> robot.lookup("#status-text").queryAs(Label.class).getText());
        assertTrue(statusBefore.contains(SecondDockerEngine.SOCKET), statusBefore);
        String storeBefore = Files.readString(t.root.instancesFile());

        long killed = System.nanoTime();
        engine.kill();
        waitUntil("the Docker-unavailable state shows", 5_000, () -> robot.lookup("#docker-down").query().isVisible());
        System.out.printf("docker-down shown %d ms after SIGKILL of dockerd%n", (System.nanoTime() - killed) / 1_000_000);
        String problem = onFx(() -> robot.lookup("#docker-problem").queryAs(Label.class).getText());
        assertTrue(problem.contains(SecondDockerEngine.SOCKET) && problem.contains("Start Docker"), problem);
        assertTrue(robot.lookup("#new-button").queryAs(Button.class).isDisabled(), "nothing can be created meanwhile");
        screenshot(robot, "docker-unavailable");
        assertEquals(storeBefore, Files.readString(t.root.instancesFile()), "the instance list on disk is untouched");
        waitUntil("the tray says Docker is down", 5_000, () -> trayLines().get(0).equals("Docker is not running or cannot be reached"));
        List<String> downMenu = trayLines();
        assertTrue(downMenu.stream().noneMatch(l -> l.endsWith("> Start") || l.endsWith("> Stop") || l.endsWith("> Restart")),
                "no instance action is offered while Docker is down: " + downMenu);
        assertTrue(downMenu.stream().anyMatch(l -> l.contains(t.name("comes-back"))), "the instance is still listed: " + downMenu);
        assertEquals("dbdock: Docker is not running or cannot be reached", onAwt(() -> app.awtTray().orElseThrow().icon().getToolTip()));

        long restarted = System.nanoTime();
        engine.restart();
        waitUntil("the list is back and the instance Ready", 5_000, () ->
                !robot.lookup("#docker-down").query().isVisible()
                        && robot.lookup("#instance-table").queryAs(Node.class).isVisible() && readyShown());
        System.out.printf("list back, Ready, %d ms after dockerd was started again%n", (System.nanoTime() - restarted) / 1_000_000);
        assertEquals(storeBefore, Files.readString(t.root.instancesFile()), "the instance list on disk is untouched");
        waitUntil("the tray offers the instance's actions again", 5_000,
                () -> trayLines().get(0).startsWith("Ready") && trayLines().stream().anyMatch(l -> l.endsWith("> Stop")));
    }

    /** The tray menu as text: top-level labels, and "submenu > item" for each instance's items. */
    private static List<String> trayLines() throws Exception {
        return onAwt(() -> {
            PopupMenu menu = app.awtTray().orElseThrow().popupMenu();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < menu.getItemCount(); i++) {
                MenuItem item = menu.getItem(i);
                if (item instanceof Menu sub) {
                    lines.add(sub.getLabel());
                    for (int j = 0; j < sub.getItemCount(); j++) {
                        lines.add(sub.getLabel() + " > " + sub.getItem(j).getLabel());
                    }
                } else if (!"-".equals(item.getLabel())) {
                    lines.add(item.getLabel());
                }
            }
            return lines;
        });
    }


    private static boolean readyShown() {
        return app.viewModel().items().stream().anyMatch(i -> i.state() == InstanceState.READY);
    }
}
