package io.dbdock.ui.tray.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.TestRecords;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.tray.TrayActions;
import io.dbdock.ui.tray.TrayMenu;
import io.dbdock.ui.tray.TrayMenuModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** The tray menu as dbusmenu serves it: ids, properties, submenus, clicks and revisions. */
class MenuObjectTest {
    private final List<String> done = new ArrayList<>();
    private final InstanceItem cache = new InstanceItem(new InstanceSnapshot(TestRecords.record("my_cache", 6379), InstanceState.READY, "", -1));
    private final TrayActions actions = new TrayActions() {
        @Override public void start(InstanceItem item) { done.add("start " + item.nameProperty().get()); }
        @Override public void stop(InstanceItem item) { done.add("stop " + item.nameProperty().get()); }
        @Override public void restart(InstanceItem item) { done.add("restart"); }
        @Override public void copyUri(InstanceItem item) { done.add("copy"); }
        @Override public void openShell(InstanceItem item) { done.add("shell"); }
        @Override public void showInWindow(InstanceItem item) { done.add("show"); }
        @Override public void startAll() { done.add("start all"); }
        @Override public void stopAll() { done.add("stop all"); }
        @Override public void openWindow() { done.add("open"); }
        @Override public void quit() { done.add("quit"); }
    };
    private final MenuObject menu = new MenuObject(Runnable::run);

    private TrayMenu trayMenu() {
        return TrayMenu.of(TrayMenuModel.entries(List.of(cache)), null, actions, id -> Optional.of(cache));
    }

    private static String label(MenuInterface.Node n) {
        Variant<?> v = n.properties.get("label");
        return v == null ? null : (String) v.getValue();
    }

    private static List<MenuInterface.Node> children(MenuInterface.Node n) {
        return n.children.stream().map(v -> (MenuInterface.Node) v.getValue()).toList();
    }

    @Test
    void theLayoutHasTheInstanceSubmenuThenTheAppsItemsAndAClickRunsTheAction() {
        long revision = menu.show(trayMenu());
        MenuInterface.LayoutReply<UInt32, MenuInterface.Node> reply = menu.getLayout(0, -1, List.of());
        assertEquals(revision, reply.first.longValue());
        MenuInterface.Node root = reply.second;
        assertEquals(0, root.id);
        assertEquals("submenu", root.properties.get("children-display").getValue());
        List<MenuInterface.Node> top = children(root);
        MenuInterface.Node instance = top.get(0);
        assertTrue(label(instance).startsWith("Ready \u00b7 my__cache \u00b7 "), "underscores doubled (one would be a mnemonic): "
                + label(instance));
        assertEquals("submenu", instance.properties.get("children-display").getValue());
        assertEquals("separator", top.get(1).properties.get("type").getValue());
        assertEquals(List.of("Start all", "Stop all", "Open dbdock", "Quit"),
                top.stream().map(MenuObjectTest::label).filter(java.util.Objects::nonNull).skip(1).toList());
        MenuInterface.Node startAll = top.stream().filter(n -> "Start all".equals(label(n))).findFirst().orElseThrow();
        assertEquals(false, startAll.properties.get("enabled").getValue(), "nothing to start: it runs");

        MenuInterface.Node stop = children(instance).stream().filter(n -> "Stop".equals(label(n))).findFirst().orElseThrow();
        menu.event(stop.id, "hovered", new Variant<>(0), new UInt32(0));
        assertEquals(List.of(), done, "only a click acts");
        menu.event(stop.id, "clicked", new Variant<>(0), new UInt32(0));
        assertEquals(List.of("stop my_cache"), done);
        menu.event(startAll.id, "clicked", new Variant<>(0), new UInt32(0));
        assertEquals(List.of("stop my_cache"), done, "a disabled item does nothing");
        assertEquals(List.of(12345), menu.eventGroup(List.of(new MenuInterface.Event(12345, "clicked", new Variant<>(0), new UInt32(0)))),
                "an id the menu does not have is given back");
    }

    @Test
    void depthAndPropertyNamesLimitWhatIsSentAndEachShowIsANewRevision() {
        long first = menu.show(trayMenu());
        MenuInterface.Node shallow = menu.getLayout(0, 1, List.of("label")).second;
        MenuInterface.Node instance = children(shallow).get(0);
        assertTrue(instance.children.isEmpty(), "depth 1: the submenu's items are not sent");
        assertEquals(java.util.Set.of("label"), instance.properties.keySet());
        MenuInterface.Node sub = menu.getLayout(instance.id, -1, List.of()).second;
        assertEquals(instance.id, sub.id);
        assertFalse(sub.children.isEmpty(), "asked for the submenu itself: its items come");
        assertEquals(first + 1, menu.show(trayMenu()));
        assertEquals("Stop", menu.getGroupProperties(List.of(children(sub).get(0).id), List.of()).get(0).properties.get("label").getValue());
    }
}
