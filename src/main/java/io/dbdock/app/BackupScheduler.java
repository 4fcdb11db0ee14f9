package io.dbdock.app;

import io.dbdock.instance.InstanceService;
import io.dbdock.instance.ScheduledBackup;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled backups while the app runs (window or tray): checked a minute after start, then
 * every 15 minutes; each backup made, or failed, is handed to the listener.
 */
final class BackupScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dbdock-scheduled-backups");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    BackupScheduler(InstanceService instances, Consumer<ScheduledBackup> done) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                instances.runScheduledBackups(Instant.now()).forEach(done);
            } catch (RuntimeException e) {
                // Docker away, say: the next round tries again.
                LOG.info("Scheduled backups skipped: {}", e.getMessage());
            }
        }, 1, 15, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
