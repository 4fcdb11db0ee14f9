package io.dbdock.ui;

import io.dbdock.common.LoginItem;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.StateMonitor;
import io.dbdock.app.Core;
import io.dbdock.app.SettingsService;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.common.DesktopTheme;
import io.dbdock.ui.common.SingleInstance;
import io.dbdock.ui.details.BackupsController;
import io.dbdock.ui.details.BackupsViewModel;
import io.dbdock.ui.details.DetailsController;
import io.dbdock.ui.details.DetailsViewModel;
import io.dbdock.ui.details.SettingsViewModel;
import io.dbdock.ui.main.MainController;
import io.dbdock.ui.main.MainViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop window: one InstanceService and StateMonitor behind the main view. */
public final class DesktopApp extends Application {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DesktopApp.class);

    /** How the app is wired: the launcher uses the defaults, tests their own data root, images and engine. */
    static volatile Core.Wiring wiring;

    /**
     * How the launcher started the app: hidden to the tray (--tray), as the one app of its data
     * root, or as a smoke test (first frame, then close as a user would, then quit).
     */
    public record Options(boolean hidden, boolean smokeTest, SingleInstance singleInstance) {
        static final Options DEFAULT = new Options(false, false, null);
    }

    static volatile Options options = Options.DEFAULT;
    private AppShell shell;

    private InstanceService service;
    private StateMonitor monitor;
    private BackgroundTasks tasks;
    private MainViewModel viewModel;
    private DetailsViewModel details;
    private DetailsController detailsController;
    private MainController controller;

    public DesktopApp() {
    }

    public DesktopApp(Core.Wiring wiring) {
        DesktopApp.wiring = wiring;
        DesktopApp.options = Options.DEFAULT;
    }

    /** Run once start-up has settled (after the deferred work above); the smoke test closes the window then. */
    private final java.util.List<Runnable> settled = new java.util.ArrayList<>();
    private Core.Wiring w;
    private Core core;
    private SettingsService settings;
    private boolean dark;
    private String startupProblem;

    /** Runs on the launcher thread, before the window: reads settings and asks the desktop for its theme. */
    @Override
    public void init() {
        w = wiring != null ? wiring : Core.Wiring.defaults();
        // A broken settings file must not keep the window from opening: defaults, and say so.
        settings = SettingsService.open(w.root());
        startupProblem = settings.problem();
        dark = DesktopTheme.isDark(settings.current().theme());
    }

    @Override
    public void start(Stage stage) {
        if (w == null) {
            init(); // Tests construct the application themselves.
        }
        core = Core.open(w, settings);
        service = core.instances();
        tasks = new BackgroundTasks(Platform::runLater);
        viewModel = new MainViewModel(service, core.projects(), tasks);
        monitor = core.monitor();

        MainController.applyTheme(dark);
        details = new DetailsViewModel(service, tasks);
        details.instanceProperty().bind(viewModel.selectedProperty());
        SettingsViewModel instanceSettings = new SettingsViewModel(service, tasks);
        instanceSettings.instanceProperty().bind(viewModel.selectedProperty());
        BackupsViewModel backups = new BackupsViewModel(service, tasks, Platform::runLater);
        backups.instanceProperty().bind(viewModel.selectedProperty());
        controller = new MainController(viewModel, tasks);
        Parent root = controller.view();
        // The details panel is built after the first frame: it opens on the tab open when the window was closed.
        String[] savedTab = {settings.current().window() == null ? null : settings.current().window().tab()};
        controller.setDetailsView(() -> {
            FXMLLoader detailsLoader = new FXMLLoader(DetailsController.class.getResource("DetailsView.fxml"));
            detailsLoader.setControllerFactory(type -> type == BackupsController.class
                    ? new BackupsController(backups, folder -> getHostServices().showDocument(folder.toUri().toString()))
                    : (detailsController = new DetailsController(details, instanceSettings)));
            try {
                javafx.scene.Node view = detailsLoader.load();
                backups.activeProperty().bind(detailsController.backupsShown());
                detailsController.selectTab(savedTab[0]);
                return view;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        controller.setRetry(monitor::reconnectNow);
        controller.setOpenFolder(group -> {
            if (group.folder() != null) {
                getHostServices().showDocument(group.folder().toUri().toString());
            }
        });
        controller.alsoOnRefresh(backups::reload);
        controller.setTheme(dark, chosenDark -> tasks.run("save the theme",
                () -> settings.update(s -> s.withTheme(chosenDark ? "dark" : "light")), saved -> { },
                problem -> viewModel.inform(problem, true)));
        Scene scene = new Scene(root);
        controller.installShortcuts(scene);
        stage.setTitle("dbdock");
        stage.setScene(scene);
        WindowMemory memory = new WindowMemory(stage, settings);
        io.dbdock.model.WindowPlacement saved = memory.restore(root);
        if (saved != null) {
            controller.setDetailsDivider(saved.divider());
        }
        memory.follow(controller::detailsDivider, () -> detailsController != null ? detailsController.selectedTab() : savedTab[0]);
        if (wiring == null) {
            // Logging out ends the app with SIGTERM, which skips Quit: keep the window's place then too.
            Runtime.getRuntime().addShutdownHook(new Thread(memory::save, "dbdock-save-window"));
        }
        stage.setOnShown(e -> LOG.info("Window shown: {}x{} at output scale {}", (int) stage.getWidth(), (int) stage.getHeight(),
                stage.getOutputScaleX()));
        shell = new AppShell(stage, controller, viewModel, tasks, settings, LoginItem.forThisComputer(), memory, w.root(),
                folder -> getHostServices().showDocument(folder.toUri().toString()));
        shell.install();
        if (options.hidden()) {
            shell.installTray();
            shell.startHidden();
        } else {
            shell.showWindow();
        }
        if (options.singleInstance() != null) {
            options.singleInstance().onShowRequest(() -> Platform.runLater(shell::showWindow));
        }
        if (options.smokeTest()) {
            SmokeTest.after(stage, shell, viewModel, settled::add);
        }
        viewModel.attach(Platform::runLater);
        if (startupProblem != null) {
            viewModel.warn(startupProblem);
        }
        // The list shows from the stored records first; the details panel, the tray, Docker and auto-start follow.
        afterListShown(() -> {
            if (shell.isQuitting()) {
                return;
            }
            // Decoding the window's icons took the first frame some 40 ms: they follow it, off this thread.
            tasks.run("load the window icons", () -> java.util.stream.Stream.of("64", "256")
                            .map(size -> new Image(DesktopApp.class.getResource("dbdock-" + size + ".png").toExternalForm())).toList(),
                    stage.getIcons()::addAll, problem -> LOG.info("The window has no icon: {}", problem));
            controller.loadDetails();
            controller.followResources(stage.showingProperty().and(stage.iconifiedProperty().not()));
            shell.installTrayBeside();
            monitor.start();
            core.followOtherEngines(); // instances on other docker contexts: live, each engine apart
            core.watchBackups(backups::backupsChanged); // a backup made by the CLI or the schedule shows up
            tasks.run("start the auto-start instances", service::startAutoStartInstances, started -> { }, problem -> { });
            startScheduledBackups();
            settled.forEach(Platform::runLater);
        });
    }

    /** Scheduled backups run while the app runs (the core's scheduler); each result becomes a notice. */
    private void startScheduledBackups() {
        core.startScheduledBackups(result -> Platform.runLater(() -> viewModel.inform(result.message(), !result.ok())));
    }

    /** Runs on the FX thread once the stored instance list is in the window and has been drawn. */
    private void afterListShown(Runnable work) {
        // Tasks posted now run after the pulse that draws what is there.
        viewModel.whenLoaded(() -> Platform.runLater(() -> Platform.runLater(work)));
    }

    /** The tray, close and quit behaviour (for tests). */
    public java.util.Optional<io.dbdock.ui.tray.Tray> tray() {
        return shell == null ? java.util.Optional.empty() : shell.tray();
    }

    /** The AWT tray, when that is the one in use (for tests that read its menu). */
    public java.util.Optional<io.dbdock.ui.tray.DesktopTray> awtTray() {
        return tray().filter(io.dbdock.ui.tray.DesktopTray.class::isInstance).map(io.dbdock.ui.tray.DesktopTray.class::cast);
    }

    /** The main view model (for tests that drive the window). */
    public MainViewModel viewModel() {
        return viewModel;
    }

    @Override
    public void stop() {
        tray().ifPresent(io.dbdock.ui.tray.Tray::remove);
        if (detailsController != null) {
            detailsController.stop();
        }
        if (controller != null) {
            controller.stopFollowingResources();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (tasks != null) {
            tasks.close();
        }
        if (core != null) {
            core.close(); // the monitor (closed above already: closing twice is harmless) and the service
        }
    }
}
