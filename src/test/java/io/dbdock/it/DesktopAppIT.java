package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app as users start it, `java -jar dbdock.jar` on the display (Xvfb in CI): the window
 * opens, renders at the screen's scale, closing it hides to the tray or quits, `--tray` starts
 * hidden, and a second launch brings the first window forward instead of starting another app.
 */
@RequiresDisplay
class DesktopAppIT {
    @BeforeAll
    static void display() {
        Requirements.requireDisplay();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static Process launch(Path home, Map<String, String> env, Path output, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args).stream().filter(a -> a.startsWith("-D")).toList());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args).stream().filter(a -> !a.startsWith("-D")).toList());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DBDOCK_HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        return pb.start();
    }

    /** Visible windows titled "dbdock" on the display. */
    private static List<String> visibleWindows(String display) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", "^dbdock$");
        pb.environment().put("DISPLAY", display);
        Process search = pb.start();
        String found = new String(search.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        search.waitFor();
        return found.isEmpty() ? List.of() : found.lines().toList();
    }

    private static void waitForWindow(Process app, Path output, String display) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && app.isAlive() && visibleWindows(display).isEmpty()) {
            Thread.sleep(200);
        }
        assertTrue(app.isAlive(), () -> "the app exited: " + read(output));
        assertEquals(1, visibleWindows(display).size(), () -> "one dbdock window shows: " + read(output));
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(10, TimeUnit.SECONDS)) {
            app.destroyForcibly();
        }
    }

    private static String openWindowAndScreenshot(Path home, String scale, String screenshot) throws Exception {
        Path output = Files.createTempFile("dbdock-gui", ".log");
        Process app = launch(home, Map.of(), output, "-Dglass.gtk.uiScale=" + scale);
        try {
            waitForWindow(app, output, System.getenv("DISPLAY"));
            WindowSupport.screenshotOncePainted(null, screenshot.replaceFirst("\\.png$", ""), 15_000);
        } finally {
            stop(app);
        }
        return read(home.resolve("logs").resolve("dbdock.log"));
    }

    @Test
    void noArgumentsOpensTheWindow() throws Exception {
        String log = openWindowAndScreenshot(Files.createTempDirectory("dbdock-gui"), "1", "placeholder-window.png");
        assertTrue(log.contains("at output scale 1.0"), log);
    }

    /** On a HiDPI screen (GTK scale 2, as GDK_SCALE=2 sets it) the window renders at twice the pixels: crisp, not blown up. */
    @Test
    void hiDpiScreensGetTwiceThePixels() throws Exception {
        String log = openWindowAndScreenshot(Files.createTempDirectory("dbdock-gui"), "2", "main-hidpi.png");
        assertTrue(log.contains("at output scale 2.0"), log);
    }

    /** With a tray host (trayer in CI), closing the window hides it; the smoke test then quits with 0. */
    @Test
    void withATrayClosingHidesTheWindow() throws Exception {
        Requirements.requireTray();
        String out = smokeTest(System.getenv("DISPLAY"));
        assertTrue(out.contains("tray present") && out.contains("closing the window hid it to the tray"), out);
    }

    /** On a display without a tray host, there is no icon and closing the window quits. */
    @Test
    void withoutATrayClosingQuits() throws Exception {
        try (VirtualDisplay bare = VirtualDisplay.start(98)) {
            String out = smokeTest(bare.name());
            assertTrue(out.contains("tray absent") && out.contains("closing the window quits dbdock"), out);
        }
    }

    private static String smokeTest(String display) throws Exception {
        Path output = Files.createTempFile("dbdock-smoke", ".log");
        Process app = launch(Files.createTempDirectory("dbdock-gui"), Map.of("DISPLAY", display), output, "--smoke-test");
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), () -> "the smoke test ends by itself: " + read(output));
        assertEquals(0, app.exitValue(), () -> read(output));
        String out = read(output);
        assertTrue(out.contains("smoke test: first frame"), out);
        return out;
    }

    /** `--tray` starts with no window; launching again brings the running app's window forward and exits. */
    @Test
    void aSecondLaunchShowsTheFirstWindowInsteadOfStartingAnotherApp() throws Exception {
        Requirements.requireTray();
        String display = System.getenv("DISPLAY");
        Path home = Files.createTempDirectory("dbdock-gui");
        Path firstOut = Files.createTempFile("dbdock-first", ".log");
        Process first = launch(home, Map.of(), firstOut, "--tray");
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !read(home.resolve("logs").resolve("dbdock.log")).contains("Started hidden in the tray")) {
                Thread.sleep(200);
            }
            assertTrue(first.isAlive(), () -> read(firstOut));
            assertTrue(read(home.resolve("logs").resolve("dbdock.log")).contains("Started hidden in the tray"), () -> read(firstOut));
            assertEquals(List.of(), visibleWindows(display), "--tray starts without a window");

            Path secondOut = Files.createTempFile("dbdock-second", ".log");
            Process second = launch(home, Map.of(), secondOut);
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), () -> "the second launch ends: " + read(secondOut));
            assertEquals(0, second.exitValue(), () -> read(secondOut));
            assertTrue(read(secondOut).contains("already running; its window was brought forward"), () -> read(secondOut));
            waitForWindow(first, firstOut, display);
            assertTrue(first.isAlive(), "the first app keeps running");
        } finally {
            stop(first);
        }
    }

    /** Quit leaves the containers running (they are Docker's), unless "stop databases when quitting" is set. */
    @Test
    void quittingLeavesDatabasesRunningUnlessAskedToStopThem() throws Exception {
        Requirements.requireDocker();
        try (VirtualDisplay bare = VirtualDisplay.start(98)) {
            for (boolean stopOnQuit : new boolean[] {false, true}) {
                Path home = Files.createTempDirectory("dbdock-quit");
                Map<String, String> env = Map.of("DISPLAY", bare.name(), "DBDOCK_IMAGE_PREFIX", Requirements.IMAGE_PREFIX);
                Path cliOut = Files.createTempFile("dbdock-cli", ".log");
                String name = "quit-" + stopOnQuit + "-" + Long.toHexString(System.nanoTime());
                Process create = launch(home, env, cliOut, "create", "--engine", "redis", "--name", name);
                assertTrue(create.waitFor(60, TimeUnit.SECONDS) && create.exitValue() == 0, () -> read(cliOut));
                try {
                    Files.writeString(home.resolve("settings.json"), "{\"stopOnQuit\": " + stopOnQuit + "}");
                    Path output = Files.createTempFile("dbdock-smoke", ".log");
                    Process app = launch(home, env, output, "--smoke-test");
                    assertTrue(app.waitFor(60, TimeUnit.SECONDS), () -> read(output));
                    assertEquals(0, app.exitValue(), () -> read(output));
                    assertTrue(read(output).contains("closing the window quits dbdock"), () -> read(output));
                    assertEquals(stopOnQuit ? "false" : "true", Docker.run("inspect", "-f", "{{.State.Running}}", "dbdock-" + name),
                            stopOnQuit ? "stop on quit stops the database" : "quitting leaves the database running");
                } finally {
                    Process rm = launch(home, env, cliOut, "rm", name, "--delete-data", "--yes");
                    rm.waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }
}
