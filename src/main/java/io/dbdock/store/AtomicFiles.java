package io.dbdock.store;

import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Whole-file writes that leave either the old or the new content, never a half-written file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes to a temp file beside the target, fsyncs it, keeps the old file as {@code backup}, renames. */
    public static void write(Path target, byte[] content, Path backup) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        Path backupTemp = backup == null ? null : backup.toAbsolutePath().resolveSibling(backup.getFileName() + ".tmp");
        try {
            writeSynced(temp, content);
            DataRoot.restrictToOwner(temp);
            if (backup != null && Files.isRegularFile(target)) {
                // The backup is replaced atomically too: a full disk must not leave a half-copied one.
                Files.copy(target, backupTemp, StandardCopyOption.REPLACE_EXISTING);
                move(backupTemp, backup);
            }
            move(temp, target);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            if (backupTemp != null) {
                Files.deleteIfExists(backupTemp);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    private static void writeSynced(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Owner-only permissions where the file system has them (POSIX); ignored elsewhere. */
    public static void restrictToOwnerQuietly(Path p) {
        try {
            DataRoot.restrictToOwner(p);
        } catch (IOException e) {
            // Non-POSIX file systems keep their own access rules.
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can open a directory (Windows); the rename is still atomic there.
        }
    }
}
