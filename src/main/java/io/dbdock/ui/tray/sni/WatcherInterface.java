package io.dbdock.ui.tray.sni;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** org.kde.StatusNotifierWatcher: where an item announces itself to the desktop's tray hosts. */
@DBusInterfaceName("org.kde.StatusNotifierWatcher")
public interface WatcherInterface extends DBusInterface {
    String BUS_NAME = "org.kde.StatusNotifierWatcher";
    String PATH = "/StatusNotifierWatcher";

    @DBusMemberName("RegisterStatusNotifierItem")
    void register(String service);
}
