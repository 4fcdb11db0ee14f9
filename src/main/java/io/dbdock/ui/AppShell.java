package io.dbdock.ui;

import io.dbdock.common.LoginItem;
import io.dbdock.instance.InstanceService;
import io.dbdock.app.SettingsService;
import io.dbdock.instance.InstanceAction;
import io.dbdock.model.Settings;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.main.InstanceItem;
import io.dbdock.ui.main.MainController;
import io.dbdock.ui.main.MainViewModel;
import io.dbdock.ui.tray.DesktopTray;
import io.dbdock.ui.tray.Tray;
import io.dbdock.ui.tray.TrayActions;
import io.dbdock.ui.tray.sni.StatusNotifierTray;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app around the window: the tray icon, what closing the window does (hide to the tray when
 * there is one, quit otherwise), Quit (containers keep running unless the user chose otherwise),
 * where notices go (the tray while the window is hidden, the window otherwise), and the app menu.
 */
final class AppShell {
    private static final Logger LOG = LoggerFactory.getLogger(AppShell.class);

    private final Stage stage;
    private final MainController controller;
    private final MainViewModel vm;
    private final InstanceService service;
    private final BackgroundTasks tasks;
    private final LoginItem loginItem;
    private final SettingsService settings;
    private final WindowMemory memory;
    private Tray tray;
    private boolean quitting;

    private final io.dbdock.common.DataRoot root;
    private final java.util.function.Consumer<java.nio.file.Path> openFolder;

    AppShell(Stage stage, MainController controller, MainViewModel vm, BackgroundTasks tasks, SettingsService settings,
             LoginItem loginItem, WindowMemory memory, io.dbdock.common.DataRoot root,
             java.util.function.Consumer<java.nio.file.Path> openFolder) {
        this.root = root;
        this.openFolder = openFolder;
        this.stage = stage;
        this.controller = controller;
        this.vm = vm;
        this.service = vm.service();
        this.tasks = tasks;
        this.settings = settings;
        this.loginItem = loginItem;
        this.memory = memory;
    }

    /** Installs the close, quit and notice behaviour. Call before showing. */
    void install() {
        // With a tray, hiding the last window must not end the app; without one, closing quits.
        Platform.setImplicitExit(false);
        stage.setOnCloseRequest(this::onCloseRequest);
        controller.setNoticeRouter(notice -> {
            // A tray without a way to notify (a desktop tray without a notification service) leaves it to the window.
            return tray != null && (!stage.isShowing() || stage.isIconified()) && tray.notify(notice);
        });
        fillAppMenu();
    }

    /**
     * Puts the icon in the tray, where there is one, before anything else (starting hidden: there
     * is no window to keep responsive, and whether there is a tray decides whether to show one).
     */
    void installTray() {
        if (tray == null && !quitting) {
            if (trayChoice().equals("auto")) {
                tray = StatusNotifierTray.connect(trayActions()).map(t -> t.follow(vm.items(), vm.dockerProblemProperty(), trayActions()))
                        .orElse(null);
            }
            installAwtTrayIfNone();
        }
    }

    /**
     * The same after the first frame, while the window shows: the D-Bus connection is made off the
     * FX thread; AWT's tray (a few hundred milliseconds of start-up) comes only where there is no
     * desktop tray.
     */
    void installTrayBeside() {
        if (tray != null || quitting) {
            return;
        }
        if (!trayChoice().equals("auto")) {
            installAwtTrayIfNone();
            return;
        }
        TrayActions actions = trayActions();
        tasks.run("connect to the desktop's tray", () -> StatusNotifierTray.connect(actions), sni -> {
            if (quitting || tray != null) {
                sni.ifPresent(StatusNotifierTray::remove);
                return;
            }
            tray = sni.map(t -> t.follow(vm.items(), vm.dockerProblemProperty(), actions)).orElse(null);
            installAwtTrayIfNone();
        }, problem -> installAwtTrayIfNone());
    }

    private void installAwtTrayIfNone() {
        if (tray == null && !quitting) {
            tray = DesktopTray.install(vm.items(), vm.dockerProblemProperty(), trayActions()).orElse(null);
        }
    }

    /**
     * Which tray: "auto" (the desktop's StatusNotifierItem tray where it has one, AWT's XEmbed tray
     * otherwise) or "xembed" (AWT's only), from DBDOCK_TRAY or -Ddbdock.tray.
     */
    static String trayChoice() {
        String chosen = System.getProperty("dbdock.tray", System.getenv().getOrDefault("DBDOCK_TRAY", "auto"));
        String choice = chosen.strip().toLowerCase(java.util.Locale.ROOT);
        if (!choice.equals("auto") && !choice.equals("xembed")) {
            LOG.warn("Unknown tray choice '{}' (DBDOCK_TRAY): using auto", chosen);
            return "auto";
        }
        return choice;
    }

    Optional<Tray> tray() {
        return Optional.ofNullable(tray);
    }

    /** Shows the window: at start-up (unless launched --tray with a tray present), and from the tray. */
    void showWindow() {
        if (stage.isIconified()) {
            stage.setIconified(false);
        }
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }

    /** Launched with --tray: stay hidden when there is a tray; otherwise show the window minimized. */
    void startHidden() {
        if (tray != null) {
            LOG.info("Started hidden in the tray");
            return;
        }
        stage.setIconified(true);
        stage.show();
    }

    private void onCloseRequest(WindowEvent e) {
        e.consume();
        if (tray == null) {
            LOG.info("Window closed and there is no tray: quitting");
            quit();
            return;
        }
        memory.save();
        stage.hide();
        LOG.info("Window hidden to the tray");
        if (!settings.current().trayHintShown()) {
            tray.notify(new MainViewModel.Notice("dbdock keeps running in the tray; your databases stay available. "
                    + "Quit from the tray menu.", false));
            saveSettings(Settings::withTrayHintShown);
        }
    }

    /** Quits the app. Containers are Docker's and keep running, unless "stop databases when quitting" is on. */
    void quit() {
        if (quitting) {
            return;
        }
        quitting = true;
        if (stage.isShowing()) {
            memory.save();
        }
        stage.hide();
        if (!settings.current().stopOnQuit()) {
            exit();
            return;
        }
        // Ask Docker rather than the list: right after start-up the list may not know every state yet.
        tasks.run("stop the databases before quitting", () -> {
            int stopped = 0;
            for (var s : service.refresh(false)) {
                if (s.state().isRunning()) {
                    try {
                        service.stop(s.record().id().toString());
                        stopped++;
                    } catch (RuntimeException ex) {
                        LOG.warn("Could not stop {} on quit: {}", s.name(), ex.getMessage());
                    }
                }
            }
            LOG.info("Quitting: stopped {} instance(s), as the settings ask", stopped);
            return stopped;
        }, stopped -> exit(), problem -> exit());
    }

    private void exit() {
        if (tray != null) {
            tray.remove();
        }
        LOG.info("dbdock quits");
        Platform.exit();
    }

    private TrayActions trayActions() {
        return new TrayActions() {
            @Override
            public void start(InstanceItem item) {
                vm.start(item);
            }

            @Override
            public void stop(InstanceItem item) {
                vm.stop(item);
            }

            @Override
            public void restart(InstanceItem item) {
                vm.restart(item);
            }

            @Override
            public void copyUri(InstanceItem item) {
                controller.copyUriOf(item);
            }

            @Override
            public void openShell(InstanceItem item) {
                controller.openShellFor(item);
            }

            @Override
            public void showInWindow(InstanceItem item) {
                showWindow();
                controller.select(item);
            }

            @Override
            public void startAll() {
                vm.items().stream().filter(i -> i.state().allows(InstanceAction.START)).forEach(vm::start);
            }

            @Override
            public void stopAll() {
                vm.items().stream().filter(i -> i.state().allows(InstanceAction.STOP)).forEach(vm::stop);
            }

            @Override
            public void openWindow() {
                showWindow();
            }

            @Override
            public void quit() {
                AppShell.this.quit();
            }
        };
    }

    private void fillAppMenu() {
        CheckMenuItem atLogin = new CheckMenuItem("Start dbdock when I log in");
        atLogin.setId("start-at-login");
        atLogin.setSelected(settings.current().startAtLogin());
        atLogin.setOnAction(e -> {
            boolean on = atLogin.isSelected();
            tasks.run(on ? "set dbdock to start at login" : "stop dbdock starting at login", () -> {
                if (on) {
                    loginItem.enable(LoginItem.currentLauncher());
                } else {
                    loginItem.disable();
                }
                settings.update(s -> s.withStartAtLogin(on));
                return loginItem.location();
            }, where -> vm.inform(on ? "dbdock will start hidden in the tray when you log in (" + where + ")."
                    : "dbdock will no longer start when you log in.", false), problem -> {
                atLogin.setSelected(!on);
                vm.inform(problem, true);
            });
        });
        CheckMenuItem stopOnQuit = new CheckMenuItem("Stop databases when quitting");
        stopOnQuit.setId("stop-on-quit");
        stopOnQuit.setSelected(settings.current().stopOnQuit());
        stopOnQuit.setOnAction(e -> {
            boolean stop = stopOnQuit.isSelected();
            saveSettings(s -> s.withStopOnQuit(stop));
        });
        MenuItem openProject = new MenuItem("Open project…");
        openProject.setId("open-project");
        openProject.setOnAction(e -> {
            javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
            chooser.setTitle("Open a project folder (with its dbdock.json)");
            java.io.File folder = chooser.showDialog(stage);
            if (folder != null) {
                vm.openProject(folder.toPath());
            }
        });
        MenuItem storageItem = new MenuItem("Storage and backups…");
        storageItem.setId("storage-menu");
        storageItem.setOnAction(e -> openStorage());
        MenuItem about = new MenuItem("About dbdock…");
        about.setId("about");
        about.setOnAction(e -> io.dbdock.ui.main.AboutDialog.show(stage, vm.dockerTextProperty().get(), root.path(),
                root.logsDir(), openFolder));
        MenuItem quit = new MenuItem("Quit dbdock");
        quit.setId("quit");
        quit.setOnAction(e -> quit());
        controller.appMenu().getItems().setAll(openProject, storageItem, new SeparatorMenuItem(), atLogin, stopOnQuit,
                new SeparatorMenuItem(), about, quit);
    }

    private io.dbdock.ui.storage.StorageWindow storageWindow;

    /** The storage overview, built on first use and reused. */
    void openStorage() {
        if (storageWindow == null) {
            storageWindow = new io.dbdock.ui.storage.StorageWindow(new io.dbdock.ui.storage.StorageViewModel(service, tasks), stage);
        }
        storageWindow.show();
    }

    private void saveSettings(java.util.function.UnaryOperator<Settings> change) {
        tasks.run("save the settings", () -> settings.update(change), saved -> { }, problem -> vm.inform(problem, true));
    }

    boolean isQuitting() {
        return quitting;
    }

}
