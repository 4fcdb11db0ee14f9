package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.dbdock.docker.DockerJavaGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Docker and GUI tests need a real engine (with the stand-in images) or a display. Without them
 * they are skipped with a loud message, unless -Ddbdock.docker.required=true /
 * -Ddbdock.gui.required=true (as in CI), where their absence fails the build.
 */
public final class Requirements {
    public static final String IMAGE_PREFIX = "dbdock-test/";
    private static String dockerProblem;
    private static boolean dockerChecked;

    private Requirements() {
    }

    /** Null when the engine answers and every stand-in image is there; otherwise what is missing. */
    public static synchronized String dockerProblem() {
        if (!dockerChecked) {
            dockerChecked = true;
            dockerProblem = findDockerProblem();
        }
        return dockerProblem;
    }

    public static String displayProblem() {
        String display = System.getenv("DISPLAY");
        return display == null || display.isBlank() ? "no DISPLAY (run under Xvfb, see .ci/run)" : null;
    }

    public static void requireDocker() {
        String problem = dockerProblem();
        if (problem != null) {
            unavailable("dbdock.docker.required", "DOCKER TESTS SKIPPED: " + problem);
        }
    }

    private static String findDockerProblem() {
        try (DockerJavaGateway docker = DockerJavaGateway.connect()) {
            ImageResolver images = new ImageResolver(Map.of(), IMAGE_PREFIX);
            List<String> missing = new ArrayList<>();
            EngineCatalog.standard().all().forEach(e -> e.versions().forEach(v -> {
                if (!docker.imageExists(images.image(e, v))) {
                    missing.add(images.image(e, v));
                }
            }));
            return missing.isEmpty() ? null
                    : "stand-in images missing (" + String.join(", ", missing) + "); build them with src/test/images/build.sh";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    public static void requireDisplay() {
        String problem = displayProblem();
        if (problem != null) {
            unavailable("dbdock.gui.required", "GUI TESTS SKIPPED: " + problem);
        }
    }

    /** A program a GUI test drives (a window manager, wmctrl) must be installed (.ci/run installs it). */
    public static void requireCommand(String command, String forWhat) {
        if (!io.dbdock.common.Executables.onPath(command, System.getenv("PATH"))) {
            unavailable("dbdock.gui.required", "GUI TESTS SKIPPED: " + command + " is not installed, needed for " + forWhat
                    + " (apt-get install " + command + ", see .ci/run)");
        }
    }

    /** A tray host (trayer in CI) must be running on the display. */
    public static void requireTray() {
        boolean supported;
        try {
            io.dbdock.ui.tray.DesktopTray.prepare();
            supported = java.awt.SystemTray.isSupported();
        } catch (RuntimeException | LinkageError e) {
            supported = false;
        }
        if (!supported) {
            unavailable("dbdock.gui.required", "TRAY TESTS SKIPPED: no system tray on " + System.getenv("DISPLAY")
                    + " (start a tray host such as trayer, see .ci/run)");
        }
    }

    static void unavailable(String property, String message) {
        if (Boolean.getBoolean(property)) {
            fail(message + " -- and " + property + "=true, so this is a failure.");
        }
        shout(message);
        Assumptions.abort(message);
    }

    static void shout(String message) {
        System.err.println();
        System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
        System.err.println("!!! " + message);
        System.err.println("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    }
}
