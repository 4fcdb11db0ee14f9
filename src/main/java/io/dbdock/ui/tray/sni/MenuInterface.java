package io.dbdock.ui.tray.sni;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** com.canonical.dbusmenu: the menu a tray host reads and shows for a StatusNotifierItem. */
@DBusInterfaceName("com.canonical.dbusmenu")
public interface MenuInterface extends DBusInterface {
    /** The signature of one node of the layout, as each child travels (a variant). */
    String NODE = "(ia{sv}av)";

    @DBusMemberName("GetLayout")
    LayoutReply<UInt32, Node> getLayout(int parentId, int recursionDepth, List<String> propertyNames);

    @DBusMemberName("GetGroupProperties")
    List<ItemProperties> getGroupProperties(List<Integer> ids, List<String> propertyNames);

    @DBusMemberName("GetProperty")
    Variant<?> getProperty(int id, String name);

    @DBusMemberName("Event")
    void event(int id, String eventId, Variant<?> data, UInt32 timestamp);

    @DBusMemberName("EventGroup")
    List<Integer> eventGroup(List<Event> events);

    @DBusMemberName("AboutToShow")
    boolean aboutToShow(int id);

    @DBusMemberName("AboutToShowGroup")
    LayoutReply<List<Integer>, List<Integer>> aboutToShowGroup(List<Integer> ids);

    /** Two out values (the revision and the layout; or the ids to update and those not found). */
    final class LayoutReply<A, B> extends Tuple {
        @Position(0)
        public final A first;
        @Position(1)
        public final B second;

        public LayoutReply(A first, B second) {
            this.first = first;
            this.second = second;
        }
    }

    /** One menu item: its id, its properties (label, enabled, type, children-display) and its children. */
    final class Node extends Struct {
        @Position(0)
        public final int id;
        @Position(1)
        public final Map<String, Variant<?>> properties;
        @Position(2)
        public final List<Variant<?>> children;

        public Node(int id, Map<String, Variant<?>> properties, List<Variant<?>> children) {
            this.id = id;
            this.properties = properties;
            this.children = children;
        }
    }

    final class ItemProperties extends Struct {
        @Position(0)
        public final int id;
        @Position(1)
        public final Map<String, Variant<?>> properties;

        public ItemProperties(int id, Map<String, Variant<?>> properties) {
            this.id = id;
            this.properties = properties;
        }
    }

    final class Event extends Struct {
        @Position(0)
        public final int id;
        @Position(1)
        public final String eventId;
        @Position(2)
        public final Variant<?> data;
        @Position(3)
        public final UInt32 timestamp;

        public Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
            this.id = id;
            this.eventId = eventId;
            this.data = data;
            this.timestamp = timestamp;
        }
    }

    /** The menu changed under {@code parent}: hosts read it again. */
    class LayoutUpdated extends DBusSignal {
        private final UInt32 revision;
        private final int parent;

        public LayoutUpdated(String path, UInt32 revision, int parent) throws DBusException {
            super(path, revision, parent);
            this.revision = revision;
            this.parent = parent;
        }

        public UInt32 getRevision() {
            return revision;
        }

        public int getParent() {
            return parent;
        }
    }
}
