package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `java -jar dbdock.jar` with no arguments opens a real window on the display (Xvfb in CI). */
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

    @Test
    void noArgumentsOpensTheWindow() throws Exception {
        Path home = Files.createTempDirectory("dbdock-gui");
        String log = openWindowAndScreenshot(home, "1", "placeholder-window.png");
        assertTrue(log.contains("at output scale 1.0"), log);
    }

    /** On a HiDPI screen (GTK scale 2, as GDK_SCALE=2 sets it) the window renders at twice the pixels: crisp, not blown up. */
    @Test
    void hiDpiScreensGetTwiceThePixels() throws Exception {
        Path home = Files.createTempDirectory("dbdock-gui");
        String log = openWindowAndScreenshot(home, "2", "main-hidpi.png");
        assertTrue(log.contains("at output scale 2.0"), log);
    }

    private static String openWindowAndScreenshot(Path home, String scale, String screenshot) throws Exception {
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.gtk.uiScale=" + scale, "-jar", jar.toString());
        pb.environment().put("DBDOCK_HOME", home.toString());
        Path output = Files.createTempFile("dbdock-gui", ".log");
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process app = pb.start();
        try {
            String title = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && app.isAlive()) {
                Process search = new ProcessBuilder("xdotool", "search", "--name", "^dbdock$").start();
                String found = new String(search.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (search.waitFor() == 0 && !found.isEmpty()) {
                    Process name = new ProcessBuilder("xdotool", "getwindowname", found.lines().findFirst().orElseThrow()).start();
                    title = new String(name.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(app.isAlive(), () -> "the app exited: " + read(output));
            assertEquals("dbdock", title);
            Thread.sleep(1500); // The window is mapped before its first frame is painted.
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            new ProcessBuilder("import", "-window", "root", shots.resolve(screenshot).toString())
                    .redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } finally {
            app.destroy();
            app.waitFor(10, TimeUnit.SECONDS);
        }
        return read(home.resolve("logs").resolve("dbdock.log"));
    }
}
