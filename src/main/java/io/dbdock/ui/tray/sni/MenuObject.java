package io.dbdock.ui.tray.sni;

import io.dbdock.ui.tray.TrayMenu;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The tray menu as the desktop's tray host reads it (com.canonical.dbusmenu at {@link #PATH}). Each
 * {@link #show} is a new revision; ids number the items depth-first from 1 (0 is the root), so a
 * click refers to the menu the host last read. Called on D-Bus threads; the menu is swapped whole.
 */
final class MenuObject extends ReadOnlyProperties implements MenuInterface {
    static final String PATH = "/MenuBar";
    private static final String INTERFACE = "com.canonical.dbusmenu";

    /** One revision: every item by id, and each id's children (the root's under 0). */
    private record Revision(long number, Map<Integer, TrayMenu.Item> items, Map<Integer, List<Integer>> children) {
    }

    private final Consumer<Runnable> onFx;
    private volatile Revision current = new Revision(0, Map.of(), Map.of(0, List.of()));

    MenuObject(Consumer<Runnable> onFx) {
        super(INTERFACE, PATH);
        this.onFx = onFx;
    }

    /** Puts a new menu in place; returns its revision number (for the LayoutUpdated signal). */
    long show(TrayMenu menu) {
        Map<Integer, TrayMenu.Item> items = new HashMap<>();
        Map<Integer, List<Integer>> children = new HashMap<>();
        int[] next = {1};
        children.put(0, number(menu.items(), items, children, next));
        Revision r = new Revision(current.number() + 1, items, children);
        current = r;
        return r.number();
    }

    private static List<Integer> number(List<TrayMenu.Item> level, Map<Integer, TrayMenu.Item> items,
                                        Map<Integer, List<Integer>> children, int[] next) {
        List<Integer> ids = new ArrayList<>();
        for (TrayMenu.Item item : level) {
            int id = next[0]++;
            items.put(id, item);
            ids.add(id);
            if (!item.children().isEmpty()) {
                children.put(id, number(item.children(), items, children, next));
            }
        }
        return ids;
    }

    /** An item's properties as dbusmenu names them; a label's underscores doubled (a single one marks a mnemonic). */
    static Map<String, Variant<?>> itemProperties(TrayMenu.Item item) {
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        if (item == null) {
            p.put("children-display", new Variant<>("submenu"));
            return p;
        }
        if (item.separator()) {
            p.put("type", new Variant<>("separator"));
            return p;
        }
        p.put("label", new Variant<>(item.label().replace("_", "__")));
        p.put("enabled", new Variant<>(item.enabled()));
        p.put("visible", new Variant<>(true));
        if (!item.children().isEmpty()) {
            p.put("children-display", new Variant<>("submenu"));
        }
        return p;
    }

    private static Map<String, Variant<?>> only(Map<String, Variant<?>> all, List<String> names) {
        if (names == null || names.isEmpty()) {
            return all;
        }
        Map<String, Variant<?>> some = new LinkedHashMap<>(all);
        some.keySet().retainAll(names);
        return some;
    }

    private Node node(Revision r, int id, int depth, List<String> names) {
        List<Variant<?>> kids = new ArrayList<>();
        if (depth != 0) {
            for (int child : r.children().getOrDefault(id, List.of())) {
                kids.add(new Variant<>(node(r, child, depth - 1, names), NODE));
            }
        }
        return new Node(id, only(itemProperties(id == 0 ? null : r.items().get(id)), names), kids);
    }

    @Override
    public LayoutReply<UInt32, Node> getLayout(int parentId, int recursionDepth, List<String> propertyNames) {
        Revision r = current;
        int id = parentId == 0 || r.items().containsKey(parentId) ? parentId : 0;
        return new LayoutReply<>(new UInt32(r.number()), node(r, id, recursionDepth, propertyNames));
    }

    @Override
    public List<ItemProperties> getGroupProperties(List<Integer> ids, List<String> propertyNames) {
        Revision r = current;
        List<ItemProperties> out = new ArrayList<>();
        for (int id : ids) {
            if (id == 0 || r.items().containsKey(id)) {
                out.add(new ItemProperties(id, only(itemProperties(id == 0 ? null : r.items().get(id)), propertyNames)));
            }
        }
        return out;
    }

    @Override
    public Variant<?> getProperty(int id, String name) {
        Variant<?> v = itemProperties(id == 0 ? null : current.items().get(id)).get(name);
        return v != null ? v : new Variant<>("");
    }

    @Override
    public void event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
        if (!"clicked".equals(eventId)) {
            return; // opened, closed, hovered: nothing to do
        }
        TrayMenu.Item item = current.items().get(id);
        if (item != null && item.enabled() && item.action() != null) {
            onFx.accept(item.action());
        }
    }

    @Override
    public List<Integer> eventGroup(List<Event> events) {
        List<Integer> unknown = new ArrayList<>();
        for (Event e : events) {
            if (current.items().containsKey(e.id)) {
                event(e.id, e.eventId, e.data, e.timestamp);
            } else {
                unknown.add(e.id);
            }
        }
        return unknown;
    }

    @Override
    public boolean aboutToShow(int id) {
        return false; // the menu is always up to date: nothing to refresh before it opens
    }

    @Override
    public LayoutReply<List<Integer>, List<Integer>> aboutToShowGroup(List<Integer> ids) {
        List<Integer> unknown = ids.stream().filter(id -> id != 0 && !current.items().containsKey(id)).toList();
        return new LayoutReply<>(List.of(), unknown);
    }

    @Override
    Map<String, Variant<?>> properties() {
        Map<String, Variant<?>> p = new LinkedHashMap<>();
        p.put("Version", new Variant<>(new UInt32(3)));
        p.put("TextDirection", new Variant<>("ltr"));
        p.put("Status", new Variant<>("normal"));
        p.put("IconThemePath", new Variant<>(new String[0], "as"));
        return p;
    }

}
