package io.dbdock.common;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file-system watch with its own daemon thread: every signalled key is handed over (its events
 * polled by the handler), then reset. Closing ends the thread. The store and backup watchers use it.
 */
public final class WatchLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchLoop.class);
    private final WatchService watch;
    private final Thread thread;

    private WatchLoop(WatchService watch, Thread thread) {
        this.watch = watch;
        this.thread = thread;
    }

    /** Starts handing signalled keys to {@code onKey} on a daemon thread named {@code name}. */
    public static WatchLoop start(String name, WatchService watch, Consumer<WatchKey> onKey) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watch.take();
                    try {
                        onKey.accept(key);
                    } finally {
                        key.reset();
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException stop) {
                // Closing.
            } catch (RuntimeException e) {
                LOG.warn("The {} watcher stopped: {}", name, e.toString());
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return new WatchLoop(watch, t);
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
