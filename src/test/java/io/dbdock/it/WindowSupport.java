package io.dbdock.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for tests that drive the real window. */
final class WindowSupport {
    private WindowSupport() {
    }

    /** Starts the desktop app on a test's data root with the stand-in images and the discovered engine. */
    static io.dbdock.ui.DesktopApp launchDesktop(TestInstances t) throws Exception {
        return launchDesktop(t, io.dbdock.docker.DockerConnection::toDiscoveredEngine);
    }

    static io.dbdock.ui.DesktopApp launchDesktop(TestInstances t,
            java.util.function.Supplier<io.dbdock.docker.DockerGateway> docker) throws Exception {
        // The in-process window tests read AWT's tray menu; the desktop's D-Bus tray is SniTrayIT's, in an app process of its own.
        System.setProperty("dbdock.tray", "xembed");
        org.testfx.api.FxToolkit.registerPrimaryStage();
        return (io.dbdock.ui.DesktopApp) org.testfx.api.FxToolkit.setupApplication(() -> new io.dbdock.ui.DesktopApp(
                new io.dbdock.app.Core.Wiring(t.root, new io.dbdock.engine.ImageResolver(java.util.Map.of(),
                        Requirements.IMAGE_PREFIX), docker)));
    }

    /** Selects an instance's row in the window's instance list (under its project's group, or at the top). Call on the FX thread. */
    @SuppressWarnings("unchecked")
    static void selectRow(javafx.scene.Node list, io.dbdock.ui.main.InstanceItem item) {
        var table = (javafx.scene.control.TreeTableView<io.dbdock.ui.main.InstanceRow>) list;
        var found = find(table.getRoot(), item);
        if (found == null) {
            throw new AssertionError(item.nameProperty().get() + " is not in the list");
        }
        table.getSelectionModel().clearAndSelect(table.getRow(found)); // as a click does: the one row only
        table.requestFocus();
    }

    /** The rows of the instance list, in the order shown (groups and instances). Call on the FX thread. */
    @SuppressWarnings("unchecked")
    static java.util.List<javafx.scene.control.TreeItem<io.dbdock.ui.main.InstanceRow>> rows(javafx.scene.Node list) {
        var table = (javafx.scene.control.TreeTableView<io.dbdock.ui.main.InstanceRow>) list;
        java.util.List<javafx.scene.control.TreeItem<io.dbdock.ui.main.InstanceRow>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < table.getExpandedItemCount(); i++) {
            rows.add(table.getTreeItem(i));
        }
        return rows;
    }

    private static javafx.scene.control.TreeItem<io.dbdock.ui.main.InstanceRow> find(
            javafx.scene.control.TreeItem<io.dbdock.ui.main.InstanceRow> at, io.dbdock.ui.main.InstanceItem item) {
        if (at.getValue() == item) {
            return at;
        }
        for (var child : at.getChildren()) {
            var found = find(child, item);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Polls a condition evaluated on the FX thread. */
    static void waitUntil(String what, long timeoutMs, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Boolean.TRUE.equals(WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
    }

    /** Runs on the AWT event thread (the tray's menu lives there) and returns the result. */
    static <T> T onAwt(Callable<T> call) throws Exception {
        if (java.awt.EventQueue.isDispatchThread()) {
            return call.call();
        }
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> error = new java.util.concurrent.atomic.AtomicReference<>();
        java.awt.EventQueue.invokeAndWait(() -> {
            try {
                result.set(call.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    /** Saves the whole virtual screen to target/screenshots/NAME.png (what a person would see). */
    static void screenshot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Process p = new ProcessBuilder("import", "-window", "root", file.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("screenshot failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /**
     * Saves the screen of DISPLAY (null: this process's own) to target/screenshots/NAME.png once
     * dbdock's window there is painted: it is mapped before its first frame, and a window not painted
     * yet is one colour, so the screenshot is taken again until the window's area varies.
     */
    static Path screenshotOncePainted(String display, String name, long timeoutMs) throws Exception {
        Path shot = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "no window titled dbdock";
        while (System.currentTimeMillis() < deadline) {
            String id = visibleWindow(display, "^dbdock$");
            if (id != null) {
                java.util.Map<String, Integer> g = windowGeometry(display, id);
                runOn(display, "import", "-window", "root", shot.toString());
                if (g.keySet().containsAll(java.util.List.of("X", "Y", "WIDTH", "HEIGHT"))) {
                    last = runOn(display, "convert", shot.toString(), "-crop",
                            g.get("WIDTH") + "x" + g.get("HEIGHT") + "+" + Math.max(0, g.get("X")) + "+" + Math.max(0, g.get("Y")),
                            "-format", "%[fx:standard_deviation]", "info:");
                    try {
                        if (Double.parseDouble(last) > 0.01) {
                            return shot;
                        }
                    } catch (NumberFormatException e) {
                        // convert said something else: try again
                    }
                }
            }
            Thread.sleep(50); // polling another process's window: nothing in this JVM to wait on
        }
        throw new AssertionError("dbdock's window was not painted within " + timeoutMs + " ms (" + last + ")");
    }

    /** The id of a mapped X window whose name matches the pattern, or null when none is. */
    static String visibleWindow(String display, String namePattern) throws Exception {
        String ids = runOn(display, "bash", "-c", "xdotool search --onlyvisible --name '" + namePattern + "' || true");
        return ids.lines().filter(l -> l.matches("\\d+")).findFirst().orElse(null);
    }

    /** An X window's X, Y, WIDTH and HEIGHT on the screen, as xdotool reports them. */
    static java.util.Map<String, Integer> windowGeometry(String display, String windowId) throws Exception {
        java.util.Map<String, Integer> g = new java.util.HashMap<>();
        for (String line : runOn(display, "xdotool", "getwindowgeometry", "--shell", windowId).lines().toList()) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && kv[1].matches("-?\\d+")) {
                g.put(kv[0], Integer.parseInt(kv[1]));
            }
        }
        return g;
    }

    /** Runs a desktop tool (xdotool, import, convert) and returns what it printed; fails the test if it fails. */
    static String run(String... command) throws Exception {
        return runOn(null, command);
    }

    /** {@link #run} on another X display (null: this process's own). */
    static String runOn(String display, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (display != null) {
            pb.environment().put("DISPLAY", display);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
