package io.dbdock.ui.tray.sni;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** org.freedesktop.Notifications: the desktop's own notifications (the Desktop Notifications specification). */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface NotificationsInterface extends DBusInterface {
    String BUS_NAME = "org.freedesktop.Notifications";
    String PATH = "/org/freedesktop/Notifications";

    /** Not named notify: a proxy takes that for Object.notify and sends nothing. */
    @DBusMemberName("Notify")
    UInt32 show(String appName, UInt32 replacesId, String appIcon, String summary, String body, List<String> actions,
                  Map<String, Variant<?>> hints, int expireTimeout);
}
