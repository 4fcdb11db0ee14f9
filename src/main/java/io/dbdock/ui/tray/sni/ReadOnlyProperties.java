package io.dbdock.ui.tray.sni;

import java.util.Map;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/** org.freedesktop.DBus.Properties for an exported object whose properties are all read-only and computed on each read. */
abstract class ReadOnlyProperties implements Properties {
    private final String interfaceName;
    private final String path;

    /** @param interfaceName the D-Bus interface the properties belong to; @param path where the object is exported */
    ReadOnlyProperties(String interfaceName, String path) {
        this.interfaceName = interfaceName;
        this.path = path;
    }

    /** Every property, as it is now. */
    abstract Map<String, Variant<?>> properties();

    @Override
    @SuppressWarnings("unchecked")
    public final <A> A Get(String interfaceName, String propertyName) {
        return (A) properties().get(propertyName);
    }

    @Override
    public final <A> void Set(String interfaceName, String propertyName, A value) {
        // read-only: a host never sets them
    }

    @Override
    public final Map<String, Variant<?>> GetAll(String interfaceName) {
        return this.interfaceName.equals(interfaceName) ? properties() : Map.of();
    }

    @Override
    public final String getObjectPath() {
        return path;
    }
}
