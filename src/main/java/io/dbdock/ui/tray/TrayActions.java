package io.dbdock.ui.tray;

import io.dbdock.ui.main.InstanceItem;

/** What the tray menu's items do; called on the FX thread, where the window's view model lives. */
public interface TrayActions {
    void start(InstanceItem item);

    void stop(InstanceItem item);

    void restart(InstanceItem item);

    void copyUri(InstanceItem item);

    void openShell(InstanceItem item);

    void showInWindow(InstanceItem item);

    void startAll();

    void stopAll();

    void openWindow();

    void quit();
}
