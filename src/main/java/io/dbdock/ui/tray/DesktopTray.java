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
 * The system-tray icon and its menu, rebuilt from the observable instance list. AWT work runs on
 * the AWT event thread; every action goes back to the FX thread, where the window's view model
 * lives, so the tray and the window share one way of changing instances.
 */
public final class DesktopTray {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopTray.class);

    /** What the menu items do; called on the FX thread. */
    public interface Actions {
        void start(InstanceItem item);

        void stop(InstanceItem item);

        void restart(InstanceItem item);

        void copyUri(InstanceItem item);

        void openShell(InstanceItem item);

        void showInWindow(InstanceItem item);

        void startAll();

        void stopAll();

        void openWindow();

        void quit();
    }

    private static final long REFRESH_DELAY_MS = 20;
    private final ObservableList<InstanceItem> watched;
    private final FxCoalescer refreshSoon;
    /** Empty while Docker answers; otherwise why it does not (the window's words). */
    private final ObservableStringValue dockerProblem;
    private final Actions actions;
    private final TrayIcon icon;
    private final PopupMenu menu = new PopupMenu();
    private final Map<TrayMenuModel.Look, Image> images = new EnumMap<>(TrayMenuModel.Look.class);
    private final List<String> messages = new ArrayList<>();
    private volatile TrayMenuModel.Look look = TrayMenuModel.Look.IDLE;
    private volatile int rebuilds;

    private DesktopTray(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem, Actions actions, int size) {
        this.actions = actions;
        this.dockerProblem = dockerProblem;
        java.awt.image.BufferedImage appIcon = TrayImages.appIcon();
        for (TrayMenuModel.Look l : TrayMenuModel.Look.values()) {
            images.put(l, TrayImages.forLook(l, size, appIcon));
        }
        icon = new TrayIcon(images.get(TrayMenuModel.Look.IDLE), "dbdock", menu);
        icon.setImageAutoSize(true);
        icon.addActionListener(e -> onFx(actions::openWindow));
        // Follow every row's state, name and address, not only rows coming and going.
        watched = FXCollections.observableArrayList(i -> new Observable[] {i.stateProperty(), i.nameProperty(), i.addressProperty()});
        Bindings.bindContent(watched, items);
        // Many rows change at once when Docker restarts or a script stops everything: one rebuild for them all.
        refreshSoon = new FxCoalescer(REFRESH_DELAY_MS, Platform::runLater, this::refresh);
        watched.addListener((javafx.collections.ListChangeListener<InstanceItem>) c -> refreshSoon.request());
        dockerProblem.addListener((o, was, now) -> refreshSoon.request());
    }

    /**
     * Puts the icon in the tray, or returns empty where there is no tray (no tray host on the
     * desktop, or a headless session): the caller then keeps the window as the only front end.
     * Call on the FX thread.
     */
    public static Optional<DesktopTray> install(ObservableList<InstanceItem> items, ObservableStringValue dockerProblem,
                                                Actions actions) {
        try {
            if (java.awt.GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                LOG.info("No system tray on this desktop; closing the window quits dbdock");
                return Optional.empty();
            }
            SystemTray tray = SystemTray.getSystemTray();
            int size = Math.max(16, (int) Math.round(tray.getTrayIconSize().getHeight()));
            DesktopTray t = new DesktopTray(items, dockerProblem, actions, size);
            onAwtAndWait(() -> tray.add(t.icon));
            t.refresh();
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

    /** Recomputes the menu from the list (FX thread) and swaps it in on the AWT thread. */
    private void refresh() {
        String problem = dockerProblem.get();
        List<TrayMenuModel.Entry> entries = TrayMenuModel.entries(watched, problem);
        TrayMenuModel.Look newLook = TrayMenuModel.look(watched, problem);
        String tooltip = TrayMenuModel.tooltip(watched, problem);
        String dockerLine = problem == null || problem.isBlank() ? null : TrayMenuModel.dockerHeadline(problem);
        EventQueue.invokeLater(() -> rebuild(entries, newLook, tooltip, dockerLine));
    }

    private void rebuild(List<TrayMenuModel.Entry> entries, TrayMenuModel.Look newLook, String tooltip, String dockerLine) {
        menu.removeAll();
        if (dockerLine != null) {
            MenuItem down = new MenuItem(dockerLine);
            down.setEnabled(false);
            menu.add(down);
            menu.addSeparator();
        }
        for (TrayMenuModel.Entry e : entries) {
            Menu sub = new Menu(e.title());
            if (e.canStart()) {
                sub.add(item(e.recreate() ? "Recreate" : "Start", () -> withItem(e.id(), actions::start)));
            }
            if (e.canStop()) {
                sub.add(item("Stop", () -> withItem(e.id(), actions::stop)));
            }
            if (e.canRestart()) {
                sub.add(item("Restart", () -> withItem(e.id(), actions::restart)));
            }
            sub.addSeparator();
            sub.add(item("Copy connection URI", () -> withItem(e.id(), actions::copyUri)));
            MenuItem shell = item("Open shell", () -> withItem(e.id(), actions::openShell));
            shell.setEnabled(e.canOpenShell());
            sub.add(shell);
            sub.add(item("Show in window", () -> withItem(e.id(), actions::showInWindow)));
            menu.add(sub);
        }
        if (entries.isEmpty()) {
            MenuItem none = new MenuItem("No databases yet");
            none.setEnabled(false);
            menu.add(none);
        }
        menu.addSeparator();
        MenuItem startAll = item("Start all", actions::startAll);
        startAll.setEnabled(entries.stream().anyMatch(TrayMenuModel.Entry::canStart));
        menu.add(startAll);
        MenuItem stopAll = item("Stop all", actions::stopAll);
        stopAll.setEnabled(entries.stream().anyMatch(TrayMenuModel.Entry::canStop));
        menu.add(stopAll);
        menu.addSeparator();
        menu.add(item("Open dbdock", actions::openWindow));
        menu.add(item("Quit", actions::quit));
        if (newLook != look) {
            look = newLook;
            icon.setImage(images.get(newLook));
        }
        icon.setToolTip(tooltip);
        rebuilds++;
    }

    private MenuItem item(String label, Runnable onFx) {
        MenuItem item = new MenuItem(label);
        item.addActionListener(e -> onFx(onFx));
        return item;
    }

    private void withItem(UUID id, Consumer<InstanceItem> action) {
        watched.stream().filter(i -> i.id().equals(id)).findFirst().ifPresent(action);
    }

    private static void onFx(Runnable r) {
        Platform.runLater(r);
    }

    /** A notification from the tray icon (instead of the window's, never both). */
    public void notify(MainViewModel.Notice notice) {
        synchronized (messages) {
            messages.add(notice.text());
        }
        EventQueue.invokeLater(() -> icon.displayMessage("dbdock", notice.text(),
                notice.error() ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO));
    }

    /** Takes the icon out of the tray (on quit). */
    public void remove() {
        onAwtAndWait(() -> SystemTray.getSystemTray().remove(icon));
    }

    // ---- for tests -------------------------------------------------------------------------------

    /** The menu as it is now (read on the AWT thread). */
    public PopupMenu menu() {
        return menu;
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
