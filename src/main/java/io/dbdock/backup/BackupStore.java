package io.dbdock.backup;

import io.dbdock.common.UserFacingException;
import io.dbdock.store.AtomicFiles;
import io.dbdock.common.DataRoot;
import io.dbdock.common.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups kept under {@code <data root>/backups/<instance slug>/}: one compressed dump per file,
 * named by the time it was made, with its {@link BackupInfo} beside it.
 */
public final class BackupStore {
    private static final Logger LOG = LoggerFactory.getLogger(BackupStore.class);
    // The zone is applied when a name is made: reading the zone rules is a cost every command would pay otherwise.
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final DataRoot root;

    public BackupStore(DataRoot root) {
        this.root = root;
    }

    public Path folderFor(String slug) {
        return root.backupsDir().resolve(slug);
    }

    /** A new file name for a backup of this instance, e.g. {@code shop-20261123-031500.sql.gz}. */
    public Path newFile(String slug, String extension, Instant at) {
        root.ensurePrivateDir(root.backupsDir());
        Path dir = root.ensurePrivateDir(folderFor(slug));
        String base = slug + "-" + STAMP.withZone(ZoneId.systemDefault()).format(at);
        Path file = dir.resolve(base + "." + extension + ".gz");
        for (int n = 2; Files.exists(file, LinkOption.NOFOLLOW_LINKS); n++) {
            file = dir.resolve(base + "-" + n + "." + extension + ".gz");
        }
        return file;
    }

    public void writeInfo(BackupInfo info) {
        try {
            AtomicFiles.write(BackupInfo.metadataFile(info.file()), Json.mapper().writeValueAsBytes(info), null);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot write " + BackupInfo.metadataFile(info.file()) + ": " + e.getMessage(), e);
        }
    }

    /** The recorded facts of a backup file, if dbdock made it. */
    public static Optional<BackupInfo> readInfo(Path file) {
        Path meta = BackupInfo.metadataFile(file);
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(meta.toFile(), BackupInfo.class).withFile(file));
        } catch (IOException e) {
            LOG.warn("Unreadable backup record {}: {}", meta, e.toString());
            return Optional.empty();
        }
    }

    /** This instance's backups, newest first. */
    public List<BackupInfo> list(String slug) {
        Path dir = folderFor(slug);
        List<BackupInfo> found = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.gz")) {
            for (Path f : files) {
                readInfo(f).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot read the backups in " + dir + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(BackupInfo::createdAt).reversed());
        return found;
    }

    /** Deletes all backups of one instance: a folder directly inside the backups folder. */
    public void deleteFolder(Path folder) {
        Path backups = root.backupsDir().toAbsolutePath().normalize();
        Path f = folder.toAbsolutePath().normalize();
        if (!backups.equals(f.getParent()) || Files.isSymbolicLink(f)) {
            throw UserFacingException.conflict("Refusing to delete " + folder + ": it is not a backups folder in " + backups + ".");
        }
        try (var files = Files.walk(f)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a backup and its record; only files inside this data root's backups folder. */
    public void delete(Path file) {
        Path backups = root.backupsDir().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(backups) || Files.isSymbolicLink(f)) {
            throw UserFacingException.conflict("Refusing to delete " + file + ": it is not a backup in " + backups + ".");
        }
        try {
            Files.deleteIfExists(BackupInfo.metadataFile(f));
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
