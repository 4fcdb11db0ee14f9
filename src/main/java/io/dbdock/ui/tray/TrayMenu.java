package io.dbdock.ui.tray;

import io.dbdock.ui.main.InstanceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tray's menu as a tree, built once from the instance list for whichever tray shows it (the
 * desktop's StatusNotifierItem menu or AWT's): one submenu per instance with what its state
 * allows, then Start all, Stop all, Open dbdock and Quit. Actions run on the FX thread.
 */
public record TrayMenu(List<Item> items) {

    /** A line of the menu: a separator has no label; a submenu has children and no action. */
    public record Item(String label, boolean enabled, List<Item> children, Runnable action) {
        static final Item SEPARATOR = new Item(null, true, List.of(), null);

        static Item of(String label, boolean enabled, Runnable action) {
            return new Item(label, enabled, List.of(), action);
        }

        static Item info(String label) {
            return new Item(label, false, List.of(), null);
        }

        public boolean separator() {
            return label == null;
        }
    }

    public TrayMenu {
        items = List.copyOf(items);
    }

    /**
     * The menu for these entries (see {@link TrayMenuModel}); {@code dockerLine} is Docker's
     * problem in a few words, or null while it answers. {@code find} turns an entry back into its
     * row when the user picks an action.
     */
    public static TrayMenu of(List<TrayMenuModel.Entry> entries, String dockerLine, TrayActions actions,
                              Function<UUID, java.util.Optional<InstanceItem>> find) {
        List<Item> items = new ArrayList<>();
        if (dockerLine != null) {
            items.add(Item.info(dockerLine));
            items.add(Item.SEPARATOR);
        }
        for (TrayMenuModel.Entry e : entries) {
            Function<Consumer<InstanceItem>, Runnable> on = action -> () -> find.apply(e.id()).ifPresent(action);
            List<Item> sub = new ArrayList<>();
            if (e.canStart()) {
                sub.add(Item.of(e.recreate() ? "Recreate" : "Start", true, on.apply(actions::start)));
            }
            if (e.canStop()) {
                sub.add(Item.of("Stop", true, on.apply(actions::stop)));
            }
            if (e.canRestart()) {
                sub.add(Item.of("Restart", true, on.apply(actions::restart)));
            }
            sub.add(Item.SEPARATOR);
            sub.add(Item.of("Copy connection URI", true, on.apply(actions::copyUri)));
            sub.add(Item.of("Open shell", e.canOpenShell(), on.apply(actions::openShell)));
            sub.add(Item.of("Show in window", true, on.apply(actions::showInWindow)));
            items.add(new Item(e.title(), true, sub, null));
        }
        if (entries.isEmpty()) {
            items.add(Item.info("No databases yet"));
        }
        items.add(Item.SEPARATOR);
        items.add(Item.of("Start all", entries.stream().anyMatch(TrayMenuModel.Entry::canStart), actions::startAll));
        items.add(Item.of("Stop all", entries.stream().anyMatch(TrayMenuModel.Entry::canStop), actions::stopAll));
        items.add(Item.SEPARATOR);
        items.add(Item.of("Open dbdock", true, actions::openWindow));
        items.add(Item.of("Quit", true, actions::quit));
        return new TrayMenu(items);
    }

    /** The menu as text: top-level labels, and "submenu > item" for each submenu's items (separators left out). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Item i : items) {
            if (i.separator()) {
                continue;
            }
            lines.add(i.label());
            for (Item c : i.children()) {
                if (!c.separator()) {
                    lines.add(i.label() + " > " + c.label());
                }
            }
        }
        return lines;
    }
}
