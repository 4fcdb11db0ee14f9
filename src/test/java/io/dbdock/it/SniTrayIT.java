package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.ui.tray.sni.MenuInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The desktop's own tray, with real parts: a private D-Bus session bus (dbus-daemon), Debian's
 * StatusNotifierWatcher, a real tray host that draws the item and its menu (gtk-sni-tray, the
 * libdbusmenu-gtk client most desktops use) and a real notification daemon (dunst), on the
 * test's own Xvfb display (:95). The app runs as users start it (java -jar, --tray) on that bus; the test reads the item
 * and its menu back over D-Bus as a host does, clicks menu items the same way, and asks dunst what
 * it was given.
 */
@RequiresDisplay
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SniTrayIT {
    private static final List<Process> helpers = new ArrayList<>();
    private static Path dir;
    private static String address;
    private static TestInstances t;
    private static String name;
    private static Process app;
    private static Path appOutput;
    private static DBusConnection bus;
    private static String item;
    /**
     * The desktop runs on an X display of its own: its window manager, tray host and notification daemon come and
     * go with this test, and the in-process window tests after it on the shared display lost right-clicks then.
     */
    private static VirtualDisplay display;

    @BeforeAll
    static void startTheDesktopsParts() throws Exception {
        Requirements.requireDisplay();
        for (String command : List.of("dbus-daemon", "status-notifier-watcher", "gtk-sni-tray-standalone", "dunst", "dunstctl",
                "openbox", "wmctrl")) {
            Requirements.requireCommand(command, "the StatusNotifierItem tray test");
        }
        display = VirtualDisplay.start(95);
        dir = Files.createTempDirectory("dbdock-sni");
        address = "unix:path=" + dir.resolve("bus");
        Process daemon = start("dbus-daemon", "--session", "--nofork", "--address=" + address);
        bus = connectWhenUp(daemon);
        start("status-notifier-watcher");
        waitFor("the StatusNotifierWatcher is on the bus", 15_000, () -> owned("org.kde.StatusNotifierWatcher"));
        start("dunst");
        waitFor("dunst is on the bus", 15_000, () -> owned("org.freedesktop.Notifications"));
        // Top left, on this test's own display.
        start("gtk-sni-tray-standalone", "--top", "--beginning", "--size", "32", "--color", "#2b2b2b");
        // A window manager, so that closing the window is a user's close (it hides to the tray).
        start("openbox");

        t = new TestInstances();
        name = t.name("tray-sni");
        assertEquals(InstanceState.READY, t.create(CreateRequest.of("redis").withName(name)).state());
        appOutput = dir.resolve("app.txt");
        // With its window, as users start it: the desktop's tray is then connected beside the first frame, off the FX thread.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar")).toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(appOutput.toFile());
        pb.environment().put("DISPLAY", display.name());
        pb.environment().putAll(Map.of("DBDOCK_HOME", t.root.path().toString(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX,
                "DBUS_SESSION_BUS_ADDRESS", address, "DBDOCK_TRAY", "auto"));
        app = pb.start();
        item = "org.kde.StatusNotifierItem-" + app.pid() + "-1";
        waitFor("the app registers its item with the watcher", 40_000, () -> registered().contains(item));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(20, TimeUnit.SECONDS);
        }
        if (bus != null) {
            bus.close();
        }
        for (int i = helpers.size() - 1; i >= 0; i--) { // the bus last
            helpers.get(i).destroy();
            helpers.get(i).waitFor(10, TimeUnit.SECONDS);
        }
        if (t != null) {
            t.close();
        }
        if (display != null) {
            display.close();
        }
    }

    @Test
    @Order(1)
    void theItemSaysWhatItIsAndWhereItsMenuIs() throws Exception {
        // While it still connects to Docker the item asks for attention; once connected, with its instance Ready, it is calm.
        waitFor("the item is Active", 30_000, () -> "Active".equals(bus.getRemoteObject(item, "/StatusNotifierItem", Properties.class)
                .GetAll("org.kde.StatusNotifierItem").get("Status").getValue()));
        Map<String, Variant<?>> props = bus.getRemoteObject(item, "/StatusNotifierItem", Properties.class)
                .GetAll("org.kde.StatusNotifierItem");
        assertEquals("dbdock", props.get("Id").getValue());
        assertEquals("/MenuBar", props.get("Menu").getValue().toString());
        assertEquals("ApplicationStatus", props.get("Category").getValue());
        assertTrue(props.get("Status").getValue().equals("Active"), "nothing needs attention: " + props.get("Status"));
        assertFalse(((List<?>) props.get("IconPixmap").getValue()).isEmpty(), "the icon travels as pixels in several sizes");
        assertTrue(registered().contains(item));
    }

    @Test
    @Order(2)
    void theMenuListsTheInstanceAndStopsAndStartsItLikeAHostsClick() throws Exception {
        waitFor(name + " shows as Ready in the menu", 30_000, () -> submenu(name).map(s -> s.label.startsWith("Ready")).orElse(false));
        MenuNode entry = submenu(name).orElseThrow();
        assertTrue(entry.children.stream().map(c -> c.label).toList().containsAll(List.of("Stop", "Restart", "Copy connection URI")),
                "a running instance's actions: " + entry.children);
        screenshotOfTheHostsMenu();

        click(entry.child("Stop"));
        waitFor("the container stops", 30_000, () -> !running(t.record(name).containerName()));
        waitFor("the menu says Stopped and offers Start", 30_000, () -> submenu(name)
                .map(s -> s.label.startsWith("Stopped") && s.children.stream().anyMatch(c -> c.label.equals("Start"))).orElse(false));
        click(submenu(name).orElseThrow().child("Start"));
        waitFor("it is Ready again", 30_000, () -> submenu(name).map(s -> s.label.startsWith("Ready")).orElse(false));
        assertTrue(running(t.record(name).containerName()));
    }

    @Test
    @Order(3)
    void closingTheWindowAndANoticeWhileItIsHiddenGoToTheDesktopsNotifications() throws Exception {
        waitFor("the window shows", 30_000, () -> run("wmctrl", "-l").lines().anyMatch(l -> l.endsWith(" dbdock")));
        run("wmctrl", "-c", "dbdock");
        waitFor("the window hides", 10_000, () -> run("wmctrl", "-l").lines().noneMatch(l -> l.endsWith(" dbdock")));
        waitFor("dunst shows where dbdock went", 30_000, () -> displayed() > 0);
        dunst("close-all");
        // Removed behind dbdock's back (a stop might be taken for this test's own dbdock, which held the instance a moment ago).
        Docker.run("rm", "-f", t.record(name).containerName());
        waitFor("dunst shows the removal", 30_000, () -> displayed() > 0);
        run("import", "-window", "root", Files.createDirectories(Path.of("target", "screenshots")).resolve("tray-notification.png").toString());
        dunst("close-all");
        String history = dunst("history");
        com.fasterxml.jackson.databind.JsonNode told = notification(name + "'s container was removed outside dbdock; its data is kept.")
                .orElseThrow(() -> new AssertionError("dunst was told why: " + history));
        assertEquals("dbdock", told.path("appname").path("data").asText());
        assertEquals(0, told.path("timeout").path("data").asLong(), "a failure is critical: it stays until dismissed");
        com.fasterxml.jackson.databind.JsonNode hint = notification("dbdock keeps running in the tray")
                .orElseThrow(() -> new AssertionError("the first close says where dbdock went: " + history));
        assertTrue(hint.path("timeout").path("data").asLong() > 0, "news fades");
    }

    private static int displayed() throws Exception {
        String count = dunst("count", "displayed").strip();
        return count.matches("\\d+") ? Integer.parseInt(count) : 0;
    }

    /** A notification dunst was given (and has closed) whose body starts with {@code text}. */
    private static Optional<com.fasterxml.jackson.databind.JsonNode> notification(String text) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode n : io.dbdock.common.Json.mapper().readTree(dunst("history")).path("data").path(0)) {
            if (n.path("body").path("data").asText().startsWith(text)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    // ---- reading the menu as a host does ----------------------------------------------------------

    /** One menu item as read over D-Bus. */
    private record MenuNode(int id, String label, List<MenuNode> children) {
        MenuNode child(String label) {
            return children.stream().filter(c -> label.equals(c.label)).findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + label + "' under " + this.label + ": " + children));
        }
    }

    private static MenuInterface menu() throws Exception {
        return bus.getRemoteObject(item, "/MenuBar", MenuInterface.class);
    }

    private static Optional<MenuNode> submenu(String instance) throws Exception {
        MenuNode root = node(menu().getLayout(0, -1, List.of()).second);
        return root.children.stream().filter(c -> c.label != null && c.label.contains(" \u00b7 " + instance + " \u00b7 ")).findFirst();
    }

    /** A layout node; its children arrive as variants holding structs, which the client may hand over as arrays. */
    private static MenuNode node(Object value) {
        int id;
        Map<?, ?> props;
        List<?> kids;
        if (value instanceof MenuInterface.Node n) {
            id = n.id;
            props = n.properties;
            kids = n.children;
        } else {
            Object[] parts = (Object[]) value;
            id = (Integer) parts[0];
            props = (Map<?, ?>) parts[1];
            kids = parts[2] instanceof List<?> l ? l : List.of((Object[]) parts[2]);
        }
        Object label = props.get("label");
        String text = label instanceof Variant<?> v ? (String) v.getValue() : (String) label;
        List<MenuNode> children = kids.stream().map(k -> node(k instanceof Variant<?> v ? v.getValue() : k)).toList();
        return new MenuNode(id, text == null ? null : text.replace("__", "_"), children);
    }

    private static void click(MenuNode node) throws Exception {
        menu().event(node.id, "clicked", new Variant<>(0), new UInt32(0));
    }

    /** Right-clicks the item in the host (top left) and saves the screen with the host's menu open. */
    private static void screenshotOfTheHostsMenu() throws Exception {
        run("xdotool", "mousemove", "16", "16", "click", "3");
        Path shot = Files.createDirectories(Path.of("target", "screenshots")).resolve("tray-sni-menu.png");
        // The host draws the menu once it has read it over D-Bus: wait until the screen shows more than the bar.
        waitFor("the host shows the menu", 10_000, () -> {
            run("import", "-window", "root", shot.toString());
            String spread = run("convert", shot.toString(), "-crop", "400x300+0+34",
                    "-format", "%[fx:standard_deviation]", "info:");
            return Double.parseDouble(spread.strip()) > 0.05;
        });
        run("xdotool", "key", "Escape");
    }

    // ---- the desktop's parts -------------------------------------------------------------------

    private static Process start(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(Path.of(command[0]).getFileName() + ".log").toFile());
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
        pb.environment().put("DISPLAY", display.name());
        Process p = pb.start();
        helpers.add(p);
        return p;
    }

    private static DBusConnection connectWhenUp(Process daemon) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return DBusConnectionBuilder.forAddress(address).withShared(false).build();
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline || !daemon.isAlive()) {
                    throw new AssertionError("the test's dbus-daemon did not start: " + Files.readString(dir.resolve("dbus-daemon.log")), e);
                }
                TimeUnit.MILLISECONDS.sleep(50); // the interval between two attempts to connect
            }
        }
    }

    private static boolean owned(String busName) throws Exception {
        return bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class).NameHasOwner(busName);
    }

    @SuppressWarnings("unchecked")
    private static List<String> registered() throws Exception {
        Object value = bus.getRemoteObject("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", Properties.class)
                .Get("org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems");
        Object list = value instanceof Variant<?> v ? v.getValue() : value;
        return list instanceof List<?> l ? (List<String>) l : List.of((String[]) list);
    }

    private static boolean running(String container) throws Exception {
        return Docker.run("inspect", "-f", "{{.State.Running}}", container).strip().equals("true");
    }

    private static String dunst(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("dunstctl"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DBUS_SESSION_BUS_ADDRESS", address);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static String run(String... command) throws Exception {
        return WindowSupport.runOn(display.name(), command);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(String what, long timeoutMs, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (app != null && !app.isAlive()) {
                throw new AssertionError("the app exited while waiting until " + what + ": " + Files.readString(appOutput));
            }
            TimeUnit.MILLISECONDS.sleep(100); // the interval between two looks, as WindowSupport.waitUntil polls
        }
        throw new AssertionError("timed out waiting until " + what + (last == null ? "" : ": " + last), last);
    }
}
