package io.dbdock.ui.tray.sni;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/** org.kde.StatusNotifierItem: the icon a tray host shows (freedesktop.org's StatusNotifierItem specification). */
@DBusInterfaceName("org.kde.StatusNotifierItem")
public interface ItemInterface extends DBusInterface {
    /** A click the host does not turn into the menu itself: the app's window. */
    @DBusMemberName("Activate")
    void activate(int x, int y);

    @DBusMemberName("SecondaryActivate")
    void secondaryActivate(int x, int y);

    /** Hosts show the menu from the Menu property; an item that draws its own would do it here. */
    @DBusMemberName("ContextMenu")
    void contextMenu(int x, int y);

    @DBusMemberName("Scroll")
    void scroll(int delta, String orientation);

    class NewIcon extends DBusSignal {
        public NewIcon(String path) throws DBusException {
            super(path);
        }
    }

    class NewToolTip extends DBusSignal {
        public NewToolTip(String path) throws DBusException {
            super(path);
        }
    }

    class NewStatus extends DBusSignal {
        private final String status;

        public NewStatus(String path, String status) throws DBusException {
            super(path, status);
            this.status = status;
        }

        public String getStatus() {
            return status;
        }
    }
}
