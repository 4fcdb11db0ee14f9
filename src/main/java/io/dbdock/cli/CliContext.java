package io.dbdock.cli;

import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.InstanceService;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceStore;
import io.dbdock.app.SettingsService;
import java.io.PrintWriter;

/** What every command shares: where data lives, the service (built on first use), and the terminal. */
public final class CliContext implements AutoCloseable {
    private final DataRoot root;
    private final Terminal terminal;
    private InstanceService service;

    public CliContext(DataRoot root, Terminal terminal) {
        this.root = root;
        this.terminal = terminal;
    }

    public DataRoot root() {
        return root;
    }

    public Terminal terminal() {
        return terminal;
    }

    public PrintWriter out() {
        return terminal.out();
    }

    public EngineCatalog catalog() {
        return EngineCatalog.standard();
    }

    public synchronized InstanceService service() {
        if (service == null) {
            service = new InstanceService(EngineCatalog.standard(), new InstanceStore(root), SettingsService.load(root),
                    DockerConnection.toDiscoveredEngine(), root);
        }
        return service;
    }

    @Override
    public synchronized void close() {
        if (service != null) {
            service.close();
        }
    }
}
