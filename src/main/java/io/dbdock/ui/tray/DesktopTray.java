package io.dbdock.ui.tray;

import io.dbdock.ui.common.FxCoalescer;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.main.MainViewModel;
import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.Image;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWT tray icon (XEmbed trays: where the desktop has no StatusNotifierItem host) and its menu,
 * rebuilt from the observable instance list. AWT work runs on
 * the AWT event thread; every action goes back to the FX thread, where the window's view model
 * lives, so the tray and the window share one way of changing instances.
 */
public final class DesktopTray implements Tray {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopTray.class);

    private final TrayFeed feed;
    private final TrayIcon icon;
    private final PopupMenu menu = new PopupMenu();
    private final Map<TrayMenuModel.Look, Image> images = new EnumMap<>(TrayMenuModel.Look.class);
    private final List<String> messages = new ArrayList<>();
    private volatile TrayMenuModel.Look look = TrayMenuModel.Look.IDLE;
    private volatile int rebuilds;
    private volatile TrayMenu shown = new TrayMenu(List.of());

    private DesktopTray(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem, TrayActions actions, int size) {
        java.awt.image.BufferedImage appIcon = TrayImages.appIcon();
        for (TrayMenuModel.Look l : TrayMenuModel.Look.values()) {
            images.put(l, TrayImages.forLook(l, size, appIcon));
        }
        icon = new TrayIcon(images.get(TrayMenuModel.Look.IDLE), "dbdock", menu);
        icon.setImageAutoSize(true);
        icon.addActionListener(e -> onFx(actions::openWindow));
        feed = new TrayFeed(items, dockerProblem, actions, view -> EventQueue.invokeLater(() -> rebuild(view)));
    }

    /**
     * Puts the icon in the tray, or returns empty where there is no tray (no tray host on the
     * desktop, or a headless session): the caller then keeps the window as the only front end.
     * Call on the FX thread.
     */
    public static Optional<DesktopTray> install(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem,
                                                TrayActions actions) {
        try {
            if (java.awt.GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                LOG.info("No system tray on this desktop; closing the window quits dbdock");
                return Optional.empty();
            }
            SystemTray tray = SystemTray.getSystemTray();
            int size = Math.max(16, (int) Math.round(tray.getTrayIconSize().getHeight()));
            DesktopTray t = new DesktopTray(items, dockerProblem, actions, size);
            onAwtAndWait(() -> tray.add(t.icon));
            t.feed.refreshNow();
            LOG.info("Tray icon installed ({} px)", size);
            return Optional.of(t);
        } catch (RuntimeException | LinkageError e) {
            LOG.info("The system tray cannot be used ({}); closing the window quits dbdock", e.toString());
            return Optional.empty();
        }
    }

    /** Starts AWT's toolkit and asks about the tray once, before JavaFX starts GTK. */
    public static void prepare() {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless()) {
                java.awt.Toolkit.getDefaultToolkit();
                SystemTray.isSupported();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.info("AWT is not available ({}); there will be no tray icon", e.toString());
        }
    }

    /** Swaps the new menu in (AWT thread). */
    private void rebuild(TrayFeed.View view) {
        TrayMenu next = view.menu();
        TrayMenuModel.Look newLook = view.look();
        menu.removeAll();
        for (TrayMenu.Item i : next.items()) {
            if (i.separator()) {
                menu.addSeparator();
            } else if (!i.children().isEmpty()) {
                Menu sub = new Menu(i.label());
                i.children().forEach(c -> add(sub, c));
                menu.add(sub);
            } else {
                add(menu, i);
            }
        }
        if (newLook != look) {
            look = newLook;
            icon.setImage(images.get(newLook));
        }
        icon.setToolTip(view.tooltip());
        shown = next;
        rebuilds++;
    }

    private void add(Menu to, TrayMenu.Item i) {
        if (i.separator()) {
            to.addSeparator();
            return;
        }
        MenuItem item = new MenuItem(i.label());
        item.setEnabled(i.enabled());
        if (i.action() != null) {
            item.addActionListener(e -> onFx(i.action()));
        }
        to.add(item);
    }

    private static void onFx(Runnable r) {
        Platform.runLater(r);
    }

    /** A notification from the tray icon (instead of the window's, never both). */
    @Override
    public boolean notify(MainViewModel.Notice notice) {
        synchronized (messages) {
            messages.add(notice.text());
        }
        EventQueue.invokeLater(() -> icon.displayMessage("dbdock", notice.text(),
                notice.error() ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO));
        return true;
    }

    @Override
    public void remove() {
        onAwtAndWait(() -> SystemTray.getSystemTray().remove(icon));
    }

    // ---- for tests -------------------------------------------------------------------------------

    /** The AWT menu as it is now (read on the AWT thread). */
    public PopupMenu popupMenu() {
        return menu;
    }

    @Override
    public TrayMenu menu() {
        return shown;
    }

    public TrayIcon icon() {
        return icon;
    }

    public TrayMenuModel.Look look() {
        return look;
    }

    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    private interface AwtWork {
        void run() throws AWTException;
    }

    private static void onAwtAndWait(AwtWork work) {
        Runnable r = () -> {
            try {
                work.run();
            } catch (AWTException e) {
                throw new IllegalStateException(e);
            }
        };
        if (EventQueue.isDispatchThread()) {
            r.run();
            return;
        }
        try {
            EventQueue.invokeAndWait(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalStateException ise && ise.getCause() instanceof AWTException awt) {
                throw new IllegalStateException(awt.getMessage(), awt);
            }
            throw new IllegalStateException(cause);
        }
    }
}
