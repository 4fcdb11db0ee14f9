package io.dbdock.app;

import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.StateMonitor;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.StoreWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the long-running app: every other docker context that instances of the list live on is
 * followed too, with a service and a state monitor of its own (its own connection, so one engine
 * that goes away costs the others nothing). Looked at when the app starts and whenever the list
 * changes (an instance made on another context by the command line).
 */
final class EngineFollowers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineFollowers.class);

    private final io.dbdock.common.DataRoot root;
    private final io.dbdock.engine.ImageResolver images;
    private final Function<io.dbdock.engine.ProbeKind, io.dbdock.probe.ReadinessProbe> probes;
    private final SettingsService settings;
    private final InstanceService primary;
    private final Supplier<String> primaryContext;
    private final Function<String, DockerGateway> engines;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dbdock-engines");
        t.setDaemon(true);
        return t;
    });
    private StoreWatcher watcher;
    private volatile boolean closed;

    EngineFollowers(io.dbdock.common.DataRoot root, io.dbdock.engine.ImageResolver images,
                    Function<io.dbdock.engine.ProbeKind, io.dbdock.probe.ReadinessProbe> probes, SettingsService settings,
                    InstanceService primary, Supplier<String> primaryContext, Function<String, DockerGateway> engines) {
        this.root = root;
        this.images = images;
        this.probes = probes;
        this.settings = settings;
        this.primary = primary;
        this.primaryContext = primaryContext;
        this.engines = engines;
    }

    void start() {
        worker.execute(this::check);
        try {
            watcher = new StoreWatcher(root, () -> worker.execute(this::check));
        } catch (java.io.IOException e) {
            LOG.warn("Cannot watch the instance list for instances on other engines: {}", e.toString());
        }
    }

    /**
     * Follows each context the list names that is neither the app's own nor followed yet, and that
     * the docker CLI knows ({@code engines} gives null for one it does not: a deleted context's
     * instances stay "Other engine").
     */
    private synchronized void check() {
        if (closed) {
            return;
        }
        try {
            String own = primaryContext.get();
            Set<String> wanted = new TreeSet<>();
            for (InstanceRecord r : new InstanceStore(root).load()) {
                EnginePlace place = r.place();
                if (place != null && !place.context().equals(own) && !EnginePlace.isAddress(place.context())
                        && !primary.follows(place.context())) {
                    wanted.add(place.context());
                }
            }
            for (String context : wanted) {
                DockerGateway engine = engines.apply(context);
                if (engine != null) {
                    follow(own, context, engine);
                }
            }
        } catch (RuntimeException e) {
            LOG.info("Could not look for instances on other engines: {}", e.getMessage());
        }
    }

    private void follow(String own, String context, DockerGateway engine) {
        InstanceService service = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), settings.current(),
                engine, root, images, probes);
        StateMonitor monitor = new StateMonitor(service, engine);
        monitor.watchStore(root);
        opened.add(monitor);
        opened.add(service);
        primary.follow(own, context, service);
        monitor.start();
        LOG.info("Following the instances on context {} too", context);
        try {
            service.startAutoStartInstances(); // as the app does on its own engine when it starts
        } catch (RuntimeException away) {
            LOG.info("Auto-start on context {} skipped: {}", context, away.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        worker.shutdownNow();
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.info("Closing a followed engine: {}", e.toString());
            }
        }
    }
}
