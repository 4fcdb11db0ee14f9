package io.dbdock.store;

import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer at a time for a file in the data root, across threads and processes (the window and
 * a CLI): an OS file lock on a lock file beside it, which the OS releases when a process dies.
 * File locks belong to a process, so the threads of one process queue on a lock of their own first.
 */
public final class FileMutex {
    private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final DataRoot root;
    private final Path lockFile;
    private final ReentrantLock local;

    public FileMutex(DataRoot root, Path lockFile) {
        this.root = root;
        this.lockFile = lockFile;
        this.local = PROCESS_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }

    public <T> T hold(Supplier<T> action) {
        root.ensurePrivateDir(root.path());
        local.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        } finally {
            local.unlock();
        }
    }
}
