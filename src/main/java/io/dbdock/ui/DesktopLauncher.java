package io.dbdock.ui;

import io.dbdock.common.Platform;
import io.dbdock.common.DataRoot;
import io.dbdock.ui.common.SingleInstance;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Opens the desktop window, or explains why it cannot (no display) and points to the CLI. */
public final class DesktopLauncher {
    /**
     * JavaFX's own logger, kept here (the logging framework holds loggers weakly): it warns at every
     * launch that JavaFX runs from the class path, which is how the jar runs it by design (the
     * installed app uses modules). That one line is dropped; any other JavaFX warning still shows.
     */
    private static final java.util.logging.Logger JAVAFX_LOG = java.util.logging.Logger.getLogger("javafx");

    private DesktopLauncher() {
    }

    static void quietClassPathWarning() {
        JAVAFX_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
    }

    public static int launch(DataRoot root, String[] args) {
        if (Platform.current() == Platform.LINUX && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            System.err.println("dbdock: no graphical display found, so the window cannot open. "
                    + "Use the command line instead: dbdock --help");
            return 1;
        }
        List<String> flags = List.of(args);
        Optional<SingleInstance> owner;
        try {
            owner = SingleInstance.claim(root);
        } catch (IOException e) {
            System.err.println("dbdock: cannot use the data folder " + root.path() + " (" + e.getMessage() + ").");
            return 1;
        }
        if (owner.isEmpty()) {
            if (SingleInstance.askRunningAppToShow(root)) {
                System.out.println("dbdock is already running; its window was brought forward.");
                return 0;
            }
            System.err.println("dbdock: another dbdock window holds " + root.path()
                    + " but does not answer. Close it (or end its process) and try again.");
            return 1;
        }
        try (SingleInstance single = owner.get()) {
            DesktopApp.options = new DesktopApp.Options(flags.contains("--tray") || flags.contains("--minimized"),
                    flags.contains("--smoke-test"), single);
            // AWT (for the tray) starts here, before GTK: started later from the FX thread, it trips
            // over GTK's error handler ("XSetErrorHandler() called with a GDK error trap pushed").
            io.dbdock.ui.tray.DesktopTray.prepare();
            quietClassPathWarning();
            javafx.application.Application.launch(DesktopApp.class);
            return 0;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
