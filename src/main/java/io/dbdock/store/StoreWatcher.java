package io.dbdock.store;

import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when another process (a second window, the CLI) rewrites the instance list, so every
 * front end shows instances created or deleted elsewhere without waiting for a periodic check.
 */
public final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);
    private final WatchService watch;
    private final Thread thread;

    public StoreWatcher(DataRoot root, Runnable onChange) throws IOException {
        root.ensurePrivateDir(root.path());
        Path dir = root.path();
        String file = root.instancesFile().getFileName().toString();
        watch = FileSystems.getDefault().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watch.take();
                    boolean ours = false;
                    for (WatchEvent<?> e : key.pollEvents()) {
                        ours |= e.context() != null && e.context().toString().equals(file);
                    }
                    key.reset();
                    if (ours) {
                        onChange.run();
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException stop) {
                // Closing.
            } catch (RuntimeException e) {
                LOG.warn("The instance list watcher stopped: {}", e.toString());
            }
        }, "dbdock-store-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        thread.interrupt();
    }
}
