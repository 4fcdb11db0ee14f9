package io.dbdock.ui;

import io.dbdock.common.Platform;
import io.dbdock.store.DataRoot;

/** Opens the desktop window, or explains why it cannot (no display) and points to the CLI. */
public final class DesktopLauncher {
    private DesktopLauncher() {
    }

    public static int launch(DataRoot root) {
        if (Platform.current() == Platform.LINUX && isBlank(System.getenv("DISPLAY")) && isBlank(System.getenv("WAYLAND_DISPLAY"))) {
            System.err.println("dbdock: no graphical display found, so the window cannot open. "
                    + "Use the command line instead: dbdock --help");
            return 1;
        }
        javafx.application.Application.launch(DesktopApp.class);
        return 0;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
