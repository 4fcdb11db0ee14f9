package io.dbdock.ui.tray;

import io.dbdock.ui.main.MainViewModel;

/** The app's icon in the desktop's tray: the desktop's own (StatusNotifierItem) or the AWT one. */
public interface Tray {
    /**
     * Tells the user something while the window is hidden; false when this tray has no way to
     * (the window then keeps the notice).
     */
    boolean notify(MainViewModel.Notice notice);

    /** Takes the icon out of the tray (on quit). */
    void remove();

    /** The menu as the user sees it now: for tests and the log. */
    TrayMenu menu();
}
