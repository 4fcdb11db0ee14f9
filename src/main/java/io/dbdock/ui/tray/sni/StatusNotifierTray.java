package io.dbdock.ui.tray.sni;

import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.main.MainViewModel;
import io.dbdock.ui.tray.Tray;
import io.dbdock.ui.tray.TrayActions;
import io.dbdock.ui.tray.TrayFeed;
import io.dbdock.ui.tray.TrayMenu;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ObservableList;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's own tray: a StatusNotifierItem with a dbusmenu menu on the session bus, shown by
 * KDE, Ubuntu's GNOME (AppIndicator), Xfce, Cinnamon, waybar and others; notices go through the
 * desktop's notification service. Used where a StatusNotifierWatcher runs; AWT's tray otherwise.
 */
public final class StatusNotifierTray implements Tray {
    private static final Logger LOG = LoggerFactory.getLogger(StatusNotifierTray.class);

    private final DBusConnection bus;
    private final String busName;
    private final ItemObject item;
    private final MenuObject menu;
    /** D-Bus calls leave the FX thread: a slow bus must never hold the window up. */
    private final ExecutorService calls = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dbdock-tray-dbus");
        t.setDaemon(true);
        return t;
    });
    private final List<String> messages = new ArrayList<>();
    private volatile TrayMenu shown = new TrayMenu(List.of());
    private volatile boolean notificationsAvailable;
    private AutoCloseable watcherWatch;

    private StatusNotifierTray(DBusConnection bus, TrayActions actions) {
        this.bus = bus;
        this.busName = "org.kde.StatusNotifierItem-" + ProcessHandle.current().pid() + "-1";
        this.item = new ItemObject(() -> Platform.runLater(actions::openWindow));
        this.menu = new MenuObject(Platform::runLater);
    }

    /**
     * Connects to the session bus and puts dbdock's objects on it, or returns empty where the
     * session has no bus or no StatusNotifierWatcher (the AWT tray is the fallback). Any thread:
     * the first connection loads the D-Bus classes, a few hundred milliseconds the window must not
     * wait for. The item shows once {@link #follow} has given it the instance list.
     */
    public static Optional<StatusNotifierTray> connect(TrayActions actions) {
        String address = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        if (address == null || address.isBlank()) {
            LOG.info("No D-Bus session bus; no StatusNotifierItem tray");
            return Optional.empty();
        }
        DBusConnection bus = null;
        try {
            bus = DBusConnectionBuilder.forSessionBus().withShared(false).build();
            DBus daemon = bus.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            if (!daemon.NameHasOwner(WatcherInterface.BUS_NAME)) {
                LOG.info("No StatusNotifierWatcher on the session bus; no StatusNotifierItem tray");
                closeQuietly(bus);
                return Optional.empty();
            }
            StatusNotifierTray tray = new StatusNotifierTray(bus, actions);
            tray.notificationsAvailable = daemon.NameHasOwner(NotificationsInterface.BUS_NAME)
                    || List.of(daemon.ListActivatableNames()).contains(NotificationsInterface.BUS_NAME);
            bus.exportObject(ItemObject.PATH, tray.item);
            bus.exportObject(MenuObject.PATH, tray.menu);
            bus.requestBusName(tray.busName);
            return Optional.of(tray);
        } catch (DBusException | RuntimeException | LinkageError e) {
            LOG.info("The desktop's tray cannot be used ({})", e.toString());
            if (bus != null) {
                closeQuietly(bus);
            }
            return Optional.empty();
        }
    }

    /**
     * Follows the instance list (FX thread) and registers the item with the watcher, which makes
     * it appear: the menu and icon are in place before any host reads them.
     */
    public StatusNotifierTray follow(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem, TrayActions actions) {
        new TrayFeed(items, dockerProblem, actions, view -> calls.execute(() -> show(view.menu(), view.look(), view.tooltip())))
                .refreshNow();
        calls.execute(() -> {
            try {
                register();
                watchTheWatcher();
                LOG.info("StatusNotifierItem tray registered as {}{}", busName,
                        notificationsAvailable ? "; notifications through the desktop's service" : "");
            } catch (DBusException | RuntimeException e) {
                LOG.info("The StatusNotifierWatcher did not take the item: {}", e.toString());
            }
        });
        return this;
    }

    private static void closeQuietly(DBusConnection bus) {
        try {
            bus.close();
        } catch (java.io.IOException e) {
            LOG.debug("Closing the session bus connection: {}", e.toString());
        }
    }

    private void register() throws DBusException {
        bus.getRemoteObject(WatcherInterface.BUS_NAME, WatcherInterface.PATH, WatcherInterface.class).register(busName);
    }

    /** A tray host that restarts (a panel, the shell) comes with a new watcher: announce the item again. */
    private void watchTheWatcher() throws DBusException {
        watcherWatch = bus.addSigHandler(DBus.NameOwnerChanged.class, signal -> {
            if (WatcherInterface.BUS_NAME.equals(signal.name) && !signal.newOwner.isEmpty()) {
                calls.execute(() -> {
                    try {
                        register();
                        LOG.info("Registered with the new StatusNotifierWatcher");
                    } catch (DBusException | RuntimeException e) {
                        LOG.info("Could not register with the new StatusNotifierWatcher: {}", e.toString());
                    }
                });
            }
        });
    }

    /** On the D-Bus thread: the new menu, icon and tooltip, and the signals that tell hosts to read them. */
    private void show(TrayMenu next, io.dbdock.ui.tray.TrayMenuModel.Look look, String tooltip) {
        long revision = menu.show(next);
        shown = next;
        boolean[] changed = item.show(look, tooltip);
        try {
            send(new MenuInterface.LayoutUpdated(MenuObject.PATH, new UInt32(revision), 0));
            if (changed[0]) {
                send(new ItemInterface.NewIcon(ItemObject.PATH));
            }
            if (changed[1]) {
                send(new ItemInterface.NewToolTip(ItemObject.PATH));
            }
            if (changed[2]) {
                send(new ItemInterface.NewStatus(ItemObject.PATH, item.status()));
            }
        } catch (DBusException e) {
            LOG.info("Could not tell the tray host about a change: {}", e.toString());
        }
    }

    private void send(DBusSignal signal) {
        bus.sendMessage(signal);
    }

    @Override
    public boolean notify(MainViewModel.Notice notice) {
        if (!notificationsAvailable) {
            return false;
        }
        synchronized (messages) {
            messages.add(notice.text());
        }
        calls.execute(() -> {
            try {
                NotificationsInterface n = bus.getRemoteObject(NotificationsInterface.BUS_NAME, NotificationsInterface.PATH,
                        NotificationsInterface.class);
                // Urgency 2 (critical) stays until dismissed, as errors do in the window; 1 fades as information does.
                n.show("dbdock", new UInt32(0), "dialog-" + (notice.error() ? "warning" : "information"),
                        "dbdock", notice.text(), List.of(),
                        Map.of("urgency", new Variant<>((byte) (notice.error() ? 2 : 1)), "desktop-entry", new Variant<>("dbdock")),
                        -1);
            } catch (DBusException | RuntimeException e) {
                LOG.info("The desktop did not take a notification: {}", e.toString());
            }
        });
        return true;
    }

    @Override
    public void remove() {
        calls.shutdown();
        try {
            if (watcherWatch != null) {
                watcherWatch.close();
            }
            bus.releaseBusName(busName);
            bus.close(); // the watcher drops the item when its name goes
        } catch (Exception e) {
            LOG.info("Closing the tray's bus connection: {}", e.toString());
        }
    }

    @Override
    public TrayMenu menu() {
        return shown;
    }

    /** The notices handed to the desktop's notification service. */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }
}
