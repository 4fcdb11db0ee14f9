package io.dbdock.ui;

import io.dbdock.docker.DockerConnection;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.StateMonitor;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.Settings;
import io.dbdock.ui.common.BackgroundTasks;
import io.dbdock.ui.details.DetailsController;
import io.dbdock.ui.details.DetailsViewModel;
import io.dbdock.ui.details.SettingsViewModel;
import io.dbdock.ui.main.MainController;
import io.dbdock.ui.main.MainViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** The desktop window: one InstanceService and StateMonitor behind the main view. */
public final class DesktopApp extends Application {
    /** How the app is wired; the launcher uses the defaults, tests their own data root, images and engine. */
    public record Wiring(DataRoot root, ImageResolver images, Supplier<DockerGateway> docker) {
        static Wiring defaults() {
            DataRoot root = DataRoot.fromEnvironment();
            return new Wiring(root, ImageResolver.fromEnvironment(Settings.load(root).imageRepositories()),
                    DockerConnection::toDiscoveredEngine);
        }
    }

    static volatile Wiring wiring;

    private InstanceService service;
    private StateMonitor monitor;
    private BackgroundTasks tasks;
    private MainViewModel viewModel;
    private DetailsViewModel details;
    private DetailsController detailsController;

    public DesktopApp() {
    }

    public DesktopApp(Wiring wiring) {
        DesktopApp.wiring = wiring;
    }

    @Override
    public void start(Stage stage) {
        Wiring w = wiring != null ? wiring : Wiring.defaults();
        DockerGateway docker = w.docker().get();
        service = new InstanceService(EngineCatalog.standard(), new InstanceStore(w.root()), Settings.load(w.root()),
                docker, w.root(), w.images());
        tasks = new BackgroundTasks(Platform::runLater);
        viewModel = new MainViewModel(service, tasks);
        monitor = new StateMonitor(service, docker);
        monitor.watchStore(w.root());

        MainController.applyTheme(false);
        details = new DetailsViewModel(service, tasks);
        details.instanceProperty().bind(viewModel.selectedProperty());
        SettingsViewModel settings = new SettingsViewModel(service, tasks);
        settings.instanceProperty().bind(viewModel.selectedProperty());
        FXMLLoader loader = new FXMLLoader(MainController.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> {
            if (type == DetailsController.class) {
                detailsController = new DetailsController(details, settings);
                return detailsController;
            }
            return new MainController(viewModel, tasks);
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MainController controller = loader.getController();
        controller.setRetry(monitor::reconnectNow);
        Scene scene = new Scene(root);
        controller.installShortcuts(scene);
        stage.setTitle("dbdock");
        for (String size : new String[] {"64", "256"}) {
            stage.getIcons().add(new Image(DesktopApp.class.getResource("dbdock-" + size + ".png").toExternalForm()));
        }
        stage.setScene(scene);
        stage.show();
        viewModel.attach(Platform::runLater);
        monitor.start();
        tasks.run("start the auto-start instances", service::startAutoStartInstances, started -> { }, problem -> { });
    }

    /** The main view model (for tests that drive the window). */
    public MainViewModel viewModel() {
        return viewModel;
    }

    @Override
    public void stop() {
        if (detailsController != null) {
            detailsController.stop();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (tasks != null) {
            tasks.close();
        }
        if (service != null) {
            service.close();
        }
    }
}
