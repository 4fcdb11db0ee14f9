package io.dbdock.instance;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.UUID;

/**
 * One change at a time per instance across processes (the window and the CLI): a lock file per
 * instance under {@code <data root>/locks}. The operating system releases it when a process dies,
 * so a crash never leaves an instance locked.
 */
final class InstanceFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static InstanceFileLock acquire(DataRoot root, UUID id, String name, Duration wait) {
        Path dir = root.ensurePrivateDir(root.path().resolve("locks"));
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(id + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot open the lock file in " + dir + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        signHolder(channel);
                        return new InstanceFileLock(channel, lock);
                    }
                } catch (OverlappingFileLockException sameJvm) {
                    // Another service object in this process holds it (tests): wait like for another process.
                }
                if (System.nanoTime() > deadline) {
                    throw new UserFacingException(Problem.CONFLICT, "Another dbdock window or command is still changing '"
                            + name + "'. Try again when it has finished.");
                }
                Thread.sleep(25);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw UserFacingException.failed("Cannot lock '" + name + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw UserFacingException.failed("Interrupted while waiting to change '" + name + "'.", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The holder's process id goes into the file: a window seeing the change tells who made it. */
    private static void signHolder(FileChannel channel) {
        try {
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // Only the attribution of a change is lost; the lock holds.
        }
    }

    /**
     * The process, other than this one, that last changed the instance within {@code within}:
     * a change seen on Docker's events is then another dbdock's (the command line, another
     * window), not something done outside dbdock.
     */
    static java.util.OptionalLong recentOtherHolder(DataRoot root, UUID id, Duration within) {
        Path file = root.path().resolve("locks").resolve(id + ".lock");
        try {
            if (!java.nio.file.Files.isRegularFile(file)
                    || java.nio.file.Files.getLastModifiedTime(file).toInstant().isBefore(java.time.Instant.now().minus(within))) {
                return java.util.OptionalLong.empty();
            }
            long pid = Long.parseLong(java.nio.file.Files.readString(file).trim());
            return pid == ProcessHandle.current().pid() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(pid);
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing left to do.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Released with the channel below anyway.
        }
        closeQuietly(channel);
    }
}
