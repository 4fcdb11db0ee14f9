package io.dbdock.it;

import static io.dbdock.it.WindowSupport.onAwt;
import static io.dbdock.it.WindowSupport.onFx;
import static io.dbdock.it.WindowSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.DesktopApp;
import io.dbdock.ui.tray.DesktopTray;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.event.ActionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxToolkit;
import redis.clients.jedis.Jedis;

/**
 * The tray icon against a real tray host (trayer on the virtual display) and a real engine: the
 * menu follows the instances, its items start, stop and copy, closing the window hides it to
 * the tray.
 */
@RequiresDisplay
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrayIT {
    private static TestInstances t;
    private static DesktopApp app;
    private static DesktopTray tray;

    @BeforeAll
    static void launch() throws Exception {
        Requirements.requireDisplay();
        Requirements.requireTray();
        t = new TestInstances();
        app = WindowSupport.launchDesktop(t);
        // The icon goes into the tray right after the window's first frame.
        WindowSupport.waitUntil("the tray icon is installed", 10_000, () -> app.awtTray().isPresent());
        tray = app.awtTray().orElseThrow(() -> new AssertionError("a tray host runs, so the icon must exist"));
        window();
    }

    @AfterAll
    static void close() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            if (tray != null) {
                assertFalse(List.of(SystemTray.getSystemTray().getTrayIcons()).contains(tray.icon()), "the icon leaves with the app");
            }
        }
        if (t != null) {
            t.close();
        }
    }

    private static Stage stage;

    /** The app's window (found while it shows; kept, since hidden windows are not listed). */
    private static Stage window() throws Exception {
        if (stage == null) {
            stage = onFx(() -> (Stage) Window.getWindows().stream().filter(w -> w instanceof Stage s && "dbdock".equals(s.getTitle()))
                    .findFirst().orElseThrow());
        }
        return stage;
    }

    @Test
    @Order(1)
    void theIconIsInTheTrayAndClosingTheWindowHidesItThere() throws Exception {
        assertTrue(List.of(SystemTray.getSystemTray().getTrayIcons()).contains(tray.icon()));
        assertTrue(onFx(window()::isShowing));
        Stage stage = window();
        // Dark chosen in the window first: the close to the tray below saves a setting of its own (the
        // hint was shown), which must not take this one back (Order 4 checks after a restart).
        onFx(() -> {
            ((javafx.scene.control.ToggleButton) stage.getScene().lookup("#dark-toggle")).fire();
            return null;
        });
        waitUntil("Dark is saved", 5_000, () -> io.dbdock.app.SettingsService.load(t.root).theme().equals("dark"));

        onFx(() -> {
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        assertFalse(onFx(stage::isShowing), "closing hides the window");
        assertTrue(List.of(SystemTray.getSystemTray().getTrayIcons()).contains(tray.icon()),
                "the app still runs: quitting would have taken its icon out of the tray");
        waitUntil("the first close explains the tray", 5_000,
                () -> tray.messages().stream().anyMatch(m -> m.contains("keeps running in the tray")));

        fire(item(topLevel(), "Open dbdock"));
        waitUntil("Open dbdock shows the window again", 5_000, stage::isShowing);
    }

    @Test
    @Order(2)
    void theMenuFollowsTheInstancesAndItsItemsAct() throws Exception {
        String name = t.name("tray");
        t.create(CreateRequest.of("redis").withName(name));
        String container = "dbdock-" + name;
        waitUntil("the menu lists the instance as Ready", 10_000, () -> submenuTitle(name).startsWith("Ready \u00b7 " + name));
        assertEquals(io.dbdock.ui.tray.TrayMenuModel.Look.RUNNING, tray.look());

        fire(item(submenu(name), "Stop"));
        waitUntil("Stop from the tray stops it (window and menu)", 20_000, () -> state(name) == InstanceState.STOPPED
                && submenuTitle(name).startsWith("Stopped"));
        assertEquals("false", Docker.run("inspect", "-f", "{{.State.Running}}", container));
        assertEquals(List.of("Start", "Copy connection URI", "Open shell", "Show in window"), labels(submenu(name)),
                "a stopped instance offers Start, not Stop or Restart");
        assertEquals(io.dbdock.ui.tray.TrayMenuModel.Look.IDLE, tray.look());

        fire(item(submenu(name), "Start"));
        waitUntil("Start from the tray makes it Ready", 30_000, () -> state(name) == InstanceState.READY
                && submenuTitle(name).startsWith("Ready"));
        assertEquals("true", Docker.run("inspect", "-f", "{{.State.Running}}", container));

        onFx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        fire(item(submenu(name), "Copy connection URI"));
        waitUntil("the clipboard holds the URI", 10_000, () -> {
            String s = Clipboard.getSystemClipboard().getString();
            return s != null && s.startsWith("redis://");
        });
        String uri = onFx(() -> Clipboard.getSystemClipboard().getString());
        try (Jedis jedis = new Jedis(java.net.URI.create(uri))) {
            assertEquals("PONG", jedis.ping(), "a real client connects with the URI copied from the tray");
        }

        screenshotOfOpenMenu();

        long stopped = System.nanoTime();
        Docker.run("stop", "-t", "2", container);
        long commandDone = System.nanoTime();
        waitUntil("the menu shows the external stop", 5_000, () -> submenuTitle(name).startsWith("Stopped"));
        long ms = (System.nanoTime() - commandDone) / 1_000_000;
        System.out.printf("TIMING tray menu shows an external docker stop %d ms after the command returned (%d ms after it began)%n",
                ms, (System.nanoTime() - stopped) / 1_000_000);
        assertTrue(ms <= 1000, "the menu follows an external stop within a second, took " + ms + " ms");
        waitUntil("an unexpected stop is announced in the window while it shows", 5_000,
                () -> windowNotice().contains(name + " stopped outside dbdock"));
        assertTrue(tray.messages().stream().noneMatch(m -> m.contains("stopped outside dbdock")), "not in the tray as well");

        // Hidden to the tray: the next announcement is a tray notification, and not a toast.
        fire(item(submenu(name), "Start"));
        waitUntil("Ready again", 30_000, () -> state(name) == InstanceState.READY);
        onFx(() -> {
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        int shownBefore = noticesShown();
        Docker.run("stop", "-t", "2", container);
        waitUntil("the tray tells about the stop", 5_000,
                () -> tray.messages().stream().anyMatch(m -> m.contains(name + " stopped outside dbdock")));
        assertEquals(shownBefore, noticesShown(), "one channel per notice: nothing new in the window while the tray told it");
        fire(item(submenu(name), "Show in window"));
        waitUntil("Show in window opens the window with the instance selected", 5_000, () -> stage.isShowing()
                && app.viewModel().selectedProperty().get() != null
                && app.viewModel().selectedProperty().get().nameProperty().get().equals(name));
    }

    @Test
    @Order(3)
    void startAtLoginWritesTheAutostartEntryAndRemovesIt() throws Exception {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path entry = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
                .resolve("autostart").resolve("dbdock.desktop");
        assertFalse(Files.exists(entry), "this machine has a real " + entry + "; the test will not touch it");
        javafx.scene.control.CheckMenuItem atLogin = onFx(() -> (javafx.scene.control.CheckMenuItem)
                ((javafx.scene.control.MenuButton) window().getScene().lookup("#app-menu")).getItems().stream()
                        .filter(i -> "start-at-login".equals(i.getId())).findFirst().orElseThrow());
        try {
            onFx(() -> {
                atLogin.setSelected(true);
                atLogin.fire();
                return null;
            });
            waitUntil("the autostart entry is written", 5_000, () -> Files.exists(entry));
            String text = Files.readString(entry);
            assertTrue(text.contains("Exec=") && text.contains("dbdock") && text.contains(" --tray"), text);
            waitUntil("the setting is saved", 5_000, () -> Files.readString(t.root.settingsFile()).replaceAll("\\s", "").contains("\"startAtLogin\":true"));
            onFx(() -> {
                atLogin.setSelected(false);
                atLogin.fire();
                return null;
            });
            waitUntil("the autostart entry is removed", 5_000, () -> !Files.exists(entry));
        } finally {
            Files.deleteIfExists(entry);
        }
    }

    /**
     * Settings changed from three places (Dark in the window, the tray hint on the first close,
     * "Stop databases when quitting" in the app menu) are all there after a restart: each change is
     * applied to the file as it is, none writes back another's old value.
     */
    @Test
    @Order(4)
    void settingsChangedFromTheWindowTheTrayAndTheMenuAllSurviveARestart() throws Exception {
        javafx.scene.control.CheckMenuItem stopOnQuit = appMenuItem("stop-on-quit");
        onFx(() -> {
            stopOnQuit.setSelected(true);
            stopOnQuit.fire();
            return null;
        });
        waitUntil("stop-on-quit is saved", 5_000, () -> io.dbdock.app.SettingsService.load(t.root).stopOnQuit());

        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        app = WindowSupport.launchDesktop(t);
        stage = null; // the relaunched app has a window of its own
        WindowSupport.waitUntil("the tray icon is installed again", 10_000, () -> app.awtTray().isPresent());
        tray = app.awtTray().orElseThrow();
        io.dbdock.model.Settings after = io.dbdock.app.SettingsService.load(t.root);
        assertEquals("dark", after.theme(), "Dark survived the tray hint and the menu");
        assertTrue(after.trayHintShown() && after.stopOnQuit(), after.toString());
        assertTrue(onFx(() -> ((javafx.scene.control.ToggleButton) window().getScene().lookup("#dark-toggle")).isSelected()),
                "the relaunched window opens dark");
        assertTrue(onFx(appMenuItem("stop-on-quit")::isSelected), "and its menu shows Stop databases when quitting ticked");
        onFx(() -> {
            javafx.scene.control.CheckMenuItem item = appMenuItem("stop-on-quit");
            item.setSelected(false); // leave quitting as the other tests expect it
            item.fire();
            return null;
        });
        waitUntil("stop-on-quit is off again", 5_000, () -> !io.dbdock.app.SettingsService.load(t.root).stopOnQuit());
    }

    private static javafx.scene.control.CheckMenuItem appMenuItem(String id) throws Exception {
        return onFx(() -> (javafx.scene.control.CheckMenuItem)
                ((javafx.scene.control.MenuButton) window().getScene().lookup("#app-menu")).getItems().stream()
                        .filter(i -> id.equals(i.getId())).findFirst().orElseThrow());
    }

    /** The notice the window's status bar shows now ("" for none). */
    private static String windowNotice() throws Exception {
        return onFx(() -> {
            javafx.scene.Node box = stage.getScene().lookup("#notice");
            return box.isVisible() ? ((javafx.scene.control.Label) stage.getScene().lookup("#notice-text")).getText() : "";
        });
    }

    /** How many notices the window has shown. */
    private static int noticesShown() throws Exception {
        return onFx(() -> (Integer) stage.getScene().lookup("#notice").getProperties().get("shown"));
    }


    private static InstanceState state(String name) {
        return app.viewModel().items().stream().filter(i -> i.nameProperty().get().equals(name)).map(i -> i.state())
                .findFirst().orElse(null);
    }

    // ---- the AWT menu, read and driven on the AWT thread -----------------------------------------


    private static PopupMenu topLevel() {
        return tray.popupMenu();
    }

    private static Menu submenu(String name) throws Exception {
        return onAwt(() -> {
            PopupMenu menu = tray.popupMenu();
            for (int i = 0; i < menu.getItemCount(); i++) {
                if (menu.getItem(i) instanceof Menu m && m.getLabel().contains(" \u00b7 " + name + " \u00b7 ")) {
                    return m;
                }
            }
            throw new AssertionError("no submenu for " + name + " in " + labels(menu));
        });
    }

    private static String submenuTitle(String name) throws Exception {
        try {
            return onAwt(() -> submenu(name).getLabel());
        } catch (AssertionError e) {
            return "";
        }
    }

    private static List<String> labels(Menu menu) throws Exception {
        return onAwt(() -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < menu.getItemCount(); i++) {
                String label = menu.getItem(i).getLabel();
                if (!"-".equals(label)) {
                    out.add(label);
                }
            }
            return out;
        });
    }

    private static MenuItem item(Menu menu, String label) throws Exception {
        return onAwt(() -> {
            for (int i = 0; i < menu.getItemCount(); i++) {
                if (menu.getItem(i).getLabel().equals(label)) {
                    return menu.getItem(i);
                }
            }
            throw new AssertionError("no '" + label + "' in " + labels(menu));
        });
    }

    /** What a click on the item does: its action event, on the AWT thread. */
    private static void fire(MenuItem item) throws Exception {
        onAwt(() -> {
            assertTrue(item.isEnabled(), item.getLabel() + " is enabled");
            item.dispatchEvent(new ActionEvent(item, ActionEvent.ACTION_PERFORMED, item.getActionCommand()));
            return null;
        });
    }

    /** Right-clicks the icon inside the tray host with xdotool and saves the screen with the menu open. */
    private static void screenshotOfOpenMenu() throws Exception {
        String ids = run("xdotool", "search", "--name", "^JavaEmbeddedFrame$");
        String id = ids.lines().reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no tray icon window found"));
        java.util.Map<String, Integer> icon = WindowSupport.windowGeometry(null, id);
        int x = icon.get("X");
        int y = icon.get("Y");
        Path shot = Files.createDirectories(Path.of("target", "screenshots")).resolve("tray-menu.png");
        Path previous = Files.createTempFile("dbdock-tray", ".png");
        run("xdotool", "mousemove", String.valueOf(x + 8), String.valueOf(y + 8), "click", "3");
        // AWT draws the menu in an X window of its own: once it is mapped, the screen is taken until two
        // screenshots in a row agree on the menu's box (it is drawn whole).
        String menu = untilScreen(() -> popupMenuBox(), "the tray menu opens");
        untilScreen(() -> {
            run("import", "-window", "root", shot.toString());
            boolean same = Files.size(previous) > 0 && differingPixels(previous, shot, menu) == 0;
            Files.copy(shot, previous, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return same ? "drawn" : null;
        }, "the tray menu is drawn whole");
        run("xdotool", "key", "Escape");
        run("xdotool", "mousemove", "10", "790"); // away from the icon, or its tooltip lingers in later screenshots
        untilScreen(() -> popupMenuBox() == null ? "closed" : null, "the tray menu closes");
    }

    /** The box (WxH+X+Y) of the AWT popup menu's X window while one is mapped, else null. */
    private static String popupMenuBox() throws Exception {
        String id = WindowSupport.visibleWindow(null, "^sun-awt-X11-XPopupMenuPeer$");
        if (id == null) {
            return null;
        }
        java.util.Map<String, Integer> g = WindowSupport.windowGeometry(null, id);
        return g.get("WIDTH") + "x" + g.get("HEIGHT") + "+" + g.get("X") + "+" + g.get("Y");
    }

    /** Polls the X server until {@code look} gives an answer (not null), and returns it. */
    private static String untilScreen(Callable<String> look, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            String answer = look.call();
            if (answer != null) {
                return answer;
            }
            Thread.sleep(50); // another process draws the screen: nothing in this JVM to wait on
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** How many pixels of the region (WxH+X+Y) differ between two screenshots. */
    private static long differingPixels(Path a, Path b, String region) throws Exception {
        String out = run("bash", "-c", "compare -metric AE '" + a + "[" + region + "]' '" + b + "[" + region + "]' null: 2>&1 || true");
        return (long) Double.parseDouble(out.trim().split("\\s+")[0]);
    }

    private static String run(String... command) throws Exception {
        return WindowSupport.run(command);
    }
}
