package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window under a real window manager (Openbox, on a display of its own): it opens at its
 * own size (Openbox used to map it at 198x175), and its place, size and maximised state come
 * back after Quit and a new launch.
 */
@RequiresDisplay
class WindowPlacementIT {
    private static VirtualDisplay display;
    private static Process windowManager;

    @BeforeAll
    static void openbox() throws Exception {
        Requirements.requireDisplay();
        Requirements.requireCommand("openbox", "the window-manager test");
        Requirements.requireCommand("wmctrl", "the window-manager test");
        display = VirtualDisplay.start(96);
        until("the display answers", 10_000, () -> run("xdotool", "getdisplaygeometry").matches("(?s)\\d+ \\d+\\s*"));
        // An Xvfb of an earlier run may still be going away as this one starts: start Openbox again until it holds.
        until("Openbox manages the display", 20_000, () -> {
            if (windowManager == null || !windowManager.isAlive()) {
                windowManager = startOpenbox();
            }
            return wmctrl("-m").contains("Openbox");
        });
    }

    private static Process startOpenbox() {
        try {
            ProcessBuilder pb = new ProcessBuilder("openbox").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createDirectories(Path.of("target")).resolve("openbox.log").toFile()));
            pb.environment().put("DISPLAY", display.name());
            return pb.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (windowManager != null) {
            windowManager.destroy();
            windowManager.waitFor(5, TimeUnit.SECONDS);
        }
        if (display != null) {
            display.close();
        }
    }

    /** Polls a condition about other processes (the app, the window manager) until it holds; this JVM runs no JavaFX here. */
    private static void until(String what, long timeoutMs, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; the window manager lists " + wmctrl("-lG"));
            }
            Thread.sleep(50); // polling another process's state: there is nothing to wait on in this JVM
        }
    }

    private static String wmctrl(String... args) {
        List<String> command = new ArrayList<>(List.of("wmctrl"));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs a program against the test's display; its output, or what went wrong. */
    private static String run(String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DISPLAY", display.name());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The dbdock window's client geometry as the window manager reports it: x, y, width, height; empty while none is mapped. */
    private static List<Integer> geometry() {
        for (String line : wmctrl("-lG").lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[f.length - 1].equals("dbdock")) {
                return List.of(Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
            }
        }
        return List.of();
    }

    private static boolean maximized() {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", "xprop -id $(xdotool search --onlyvisible --name '^dbdock$' | head -1) _NET_WM_STATE");
            pb.environment().put("DISPLAY", display.name());
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.contains("_NET_WM_STATE_MAXIMIZED_HORZ") && out.contains("_NET_WM_STATE_MAXIMIZED_VERT");
        } catch (Exception e) {
            return false;
        }
    }

    private static Process launch(Path home, Path output) throws Exception {
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        pb.environment().put("DBDOCK_HOME", home.toString());
        pb.environment().put("DISPLAY", display.name());
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process app = pb.start();
        until("the window is mapped", 30_000, () -> !app.isAlive() || !geometry().isEmpty());
        assertTrue(app.isAlive(), () -> "the app ended: " + read(output));
        return app;
    }

    /** Closes the window as a user does (the window manager's close): without a tray that quits dbdock. */
    private static void closeAndWait(Process app, Path output) throws Exception {
        wmctrl("-c", "dbdock");
        assertTrue(app.waitFor(20, TimeUnit.SECONDS), () -> "closing the window quits: " + read(output));
        assertEquals(0, app.exitValue(), () -> read(output));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A screenshot of the display once the window shows something (it is mapped before its first frame is painted). */
    private static void screenshot(String name) throws Exception {
        WindowSupport.screenshotOncePainted(display.name(), name, 15_000);
    }

    @Test
    void opensAtItsOwnSizeAndComesBackWhereTheUserLeftIt() throws Exception {
        Path home = Files.createTempDirectory("dbdock-window");
        Path output = Files.createTempFile("dbdock-window", ".log");
        try {
            Process app = launch(home, output);
            until("the window has its own size, not the window manager's 198x175", 10_000,
                    () -> geometry().size() == 4 && geometry().get(2) >= 900 && geometry().get(3) >= 600);
            screenshot("window-openbox-first-launch");

            wmctrl("-r", "dbdock", "-e", "0,140,90,860,590");
            until("moved and resized", 10_000, () -> geometry().size() == 4
                    && geometry().get(2) == 860 && geometry().get(3) == 590);
            List<Integer> placed = geometry();
            closeAndWait(app, output);
            assertTrue(Files.readString(home.resolve("settings.json")).contains("\"window\""), "the place is saved");

            app = launch(home, output);
            until("the same place and size as when it was closed (" + placed + ")", 10_000, () -> geometry().equals(placed));

            wmctrl("-r", "dbdock", "-b", "add,maximized_vert,maximized_horz");
            until("maximised", 10_000, WindowPlacementIT::maximized);
            closeAndWait(app, output);

            app = launch(home, output);
            until("opens maximised again", 10_000, WindowPlacementIT::maximized);
            wmctrl("-r", "dbdock", "-b", "remove,maximized_vert,maximized_horz");
            until("leaving maximised gives back the user's size", 10_000,
                    () -> geometry().size() == 4 && geometry().get(2) == 860 && geometry().get(3) == 590);
            closeAndWait(app, output);
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
