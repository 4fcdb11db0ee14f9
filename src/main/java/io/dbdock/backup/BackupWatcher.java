package io.dbdock.backup;

import io.dbdock.common.DataRoot;
import io.dbdock.common.WatchLoop;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchService;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a running window that an instance's backups changed on disk, whoever changed them (the
 * command line, the schedule, another window): one callback per change, with the instance's
 * slug (its folder's name under {@code <data root>/backups}).
 */
public final class BackupWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupWatcher.class);
    private final WatchService watch;
    private final Path backups;
    private final WatchLoop loop;

    public BackupWatcher(DataRoot root, Consumer<String> changed) throws IOException {
        backups = root.backupsDir();
        root.ensurePrivateDir(backups);
        watch = FileSystems.getDefault().newWatchService();
        backups.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        try (Stream<Path> folders = Files.list(backups)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                register(folder);
            }
        }
        loop = WatchLoop.start("dbdock-backup-watch", watch, key -> {
            Path dir = (Path) key.watchable();
            for (WatchEvent<?> e : key.pollEvents()) {
                if (dir.equals(backups)) {
                    Path folder = backups.resolve(String.valueOf(e.context()));
                    if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(folder)) {
                        register(folder); // an instance's first backup: its folder is new
                    }
                    changed.accept(folder.getFileName().toString());
                } else {
                    changed.accept(dir.getFileName().toString());
                }
            }
        });
    }

    private void register(Path folder) {
        try {
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.info("Cannot watch {}: {}", folder, e.toString());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
