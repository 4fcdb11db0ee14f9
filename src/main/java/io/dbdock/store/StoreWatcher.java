package io.dbdock.store;

import io.dbdock.common.DataRoot;
import io.dbdock.common.WatchLoop;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchService;

/**
 * Calls back when another process (a second window, the CLI) rewrites the instance list, so every
 * front end shows instances created or deleted elsewhere without waiting for a periodic check.
 */
public final class StoreWatcher implements AutoCloseable {
    private final WatchLoop loop;

    public StoreWatcher(DataRoot root, Runnable onChange) throws IOException {
        root.ensurePrivateDir(root.path());
        Path dir = root.path();
        String file = root.instancesFile().getFileName().toString();
        WatchService watch = FileSystems.getDefault().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        loop = WatchLoop.start("dbdock-store-watch", watch, key -> {
            boolean ours = false;
            for (WatchEvent<?> e : key.pollEvents()) {
                ours |= e.context() != null && e.context().toString().equals(file);
            }
            if (ours) {
                onChange.run();
            }
        });
    }

    @Override
    public void close() {
        loop.close();
    }
}
