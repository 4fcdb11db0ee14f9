package io.dbdock.app;

import io.dbdock.common.DataRoot;
import io.dbdock.docker.DockerConnection;
import io.dbdock.docker.DockerGateway;
import io.dbdock.model.EngineChoice;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.engine.ProbeKind;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.ScheduledBackup;
import io.dbdock.instance.StateMonitor;
import io.dbdock.probe.Probes;
import io.dbdock.probe.ReadinessProbe;
import io.dbdock.store.InstanceStore;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The application core, built in one place for the window, the tray and the command line: the
 * settings (one owner), the instance list, the Docker connection, the instance service and, for
 * the desktop app, the state monitor. Front ends get their parts from here and never build them.
 */
public final class Core implements AutoCloseable {
    /** Where the core finds its data, images and engine: the defaults, or a test's own. */
    public record Wiring(DataRoot root, ImageResolver images, Supplier<DockerGateway> docker,
                         Function<ProbeKind, ReadinessProbe> probes, Function<String, DockerGateway> otherEngines) {
        /** With the real clients proving readiness. */
        public Wiring(DataRoot root, ImageResolver images, Supplier<DockerGateway> docker) {
            this(root, images, docker, Probes::forKind);
        }

        /** Other engines are the docker CLI's contexts. */
        public Wiring(DataRoot root, ImageResolver images, Supplier<DockerGateway> docker, Function<ProbeKind, ReadinessProbe> probes) {
            this(root, images, docker, probes, Wiring::dockerContext);
        }

        /** A connection to the docker context of that name, or null when the docker CLI has none by that name. */
        static DockerGateway dockerContext(String name) {
            return io.dbdock.docker.DockerContexts.read(EngineChoice.ENVIRONMENT).find(name).isPresent()
                    ? DockerConnection.toEngine(new EngineChoice(name, false)) : null;
        }

        public static Wiring defaults() {
            DataRoot root = DataRoot.fromEnvironment();
            // A damaged settings file gives the defaults here; the window says so (SettingsService.problem).
            return new Wiring(root, ImageResolver.fromEnvironment(SettingsService.open(root).current().imageRepositories()),
                    DockerConnection::toDiscoveredEngine);
        }

        /**
         * The CLI's: the environment's data root and images, failing plainly on a damaged settings
         * file, and the engine the command line chose ({@code --context}, {@code --insecure-tcp}).
         */
        public static Wiring forCommandLine(DataRoot root, EngineChoice engine) {
            return new Wiring(root, ImageResolver.fromEnvironment(SettingsService.load(root).imageRepositories()),
                    () -> DockerConnection.toEngine(engine));
        }
    }

    private final Wiring wiring;
    private final SettingsService settings;
    private final DockerGateway docker;
    private final InstanceService instances;
    private io.dbdock.project.ProjectService projects;
    private StateMonitor monitor;
    private EngineFollowers followers;
    private BackupScheduler backups;
    private io.dbdock.backup.BackupWatcher backupWatcher;

    private Core(Wiring wiring, SettingsService settings) {
        this.wiring = wiring;
        this.settings = settings;
        this.docker = wiring.docker().get();
        this.instances = new InstanceService(EngineCatalog.standard(), new InstanceStore(wiring.root()), settings.current(), docker,
                wiring.root(), wiring.images(), wiring.probes());
    }

    /** The core with settings read already (the window reads them before its first frame). */
    public static Core open(Wiring wiring, SettingsService settings) {
        return new Core(wiring, settings);
    }

    public static Core open(Wiring wiring) {
        return new Core(wiring, SettingsService.open(wiring.root()));
    }

    public DataRoot root() {
        return wiring.root();
    }

    public SettingsService settings() {
        return settings;
    }

    public InstanceService instances() {
        return instances;
    }

    /** Project files ({@code dbdock up}, Open project...), on the same instances. */
    public synchronized io.dbdock.project.ProjectService projects() {
        if (projects == null) {
            projects = new io.dbdock.project.ProjectService(instances);
        }
        return projects;
    }

    /** The state monitor (events, reconcile, heartbeat) that keeps a long-running app's states live; made on first use. */
    public synchronized StateMonitor monitor() {
        if (monitor == null) {
            monitor = new StateMonitor(instances, docker);
            monitor.watchStore(wiring.root());
        }
        return monitor;
    }

    /**
     * Follows, beside this core's own engine, every other docker context the instance list names
     * (once; for the long-running app): their instances' states live, their actions there, each
     * engine's state reported apart ({@link InstanceService#followedEngines}).
     */
    public synchronized void followOtherEngines() {
        if (followers == null && wiring.otherEngines() != null) {
            followers = new EngineFollowers(wiring.root(), wiring.images(), wiring.probes(), settings, instances,
                    () -> docker.quickPlace().context(), wiring.otherEngines());
            followers.start();
        }
    }

    /**
     * Follows the backup folders (once): {@code changed} hears the slug of each instance whose
     * backups changed on disk, on the watcher's thread. A window keeps its Backups tab true with it.
     */
    public synchronized void watchBackups(java.util.function.Consumer<String> changed) {
        if (backupWatcher == null) {
            try {
                backupWatcher = new io.dbdock.backup.BackupWatcher(wiring.root(), changed);
            } catch (java.io.IOException e) {
                org.slf4j.LoggerFactory.getLogger(Core.class).warn("Cannot watch the backups for changes: {}", e.toString());
            }
        }
    }

    /** Starts the scheduled backups (once); each one made or failed goes to {@code done}, on the scheduler's thread. */
    public synchronized void startScheduledBackups(Consumer<ScheduledBackup> done) {
        if (backups == null) {
            backups = new BackupScheduler(instances, done);
        }
    }

    @Override
    public synchronized void close() {
        if (backupWatcher != null) {
            backupWatcher.close();
        }
        if (backups != null) {
            backups.close();
        }
        if (followers != null) {
            followers.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        instances.close();
    }
}
