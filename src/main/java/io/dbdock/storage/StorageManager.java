package io.dbdock.storage;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.ContainerSpec;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.store.AtomicFiles;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.common.Json;
import io.dbdock.model.StorageKind;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance folders, data folders and volumes. Each instance has a home folder
 * {@code <data root>/instances/<slug>/} holding its password, its storage marker and, for
 * folder storage, {@code data/} (the bind mount). Deletion touches only that home folder or the
 * instance's own labelled volume, never follows a symlink, and goes through a short-lived
 * container for files that belong to the database's uid.
 */
public final class StorageManager {
    private static final Logger LOG = LoggerFactory.getLogger(StorageManager.class);
    private static final String DATA = "data";

    private final DataRoot root;
    private final DockerGateway docker;

    public StorageManager(DataRoot root, DockerGateway docker) {
        this.root = root;
        this.docker = docker;
    }

    public Path homeFor(String slug) {
        return root.instancesDir().resolve(slug);
    }

    public static Path dataFolder(Path home) {
        return home.resolve(DATA);
    }

    public static String volumeName(String slug) {
        return "dbdock-" + slug;
    }

    /** The marker of data kept from an earlier instance in this home, if any. */
    public Optional<StorageMarker> existingMarker(Path home) {
        Path file = home.resolve(StorageMarker.FILE_NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), StorageMarker.class));
        } catch (IOException e) {
            LOG.warn("Unreadable storage marker {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Notes in the marker which storage the instance now uses (after a restore or an upgrade). */
    public void recordLocation(InstanceRecord instance) {
        Path home = Path.of(instance.home());
        StorageMarker old = existingMarker(home).orElse(null);
        StorageMarker marker = new StorageMarker(instance.engine(), instance.version(), instance.storage(),
                instance.storageLocation(), old != null ? old.createdAt() : instance.createdAt(), instance.variant());
        try {
            AtomicFiles.write(home.resolve(StorageMarker.FILE_NAME), Json.mapper().writeValueAsBytes(marker), null);
        } catch (IOException e) {
            LOG.warn("Could not update the storage marker of {}: {}", instance.name(), e.toString());
        }
    }

    /** Creates the home folder (0700) and writes the marker. */
    public void createHome(Path home, StorageMarker marker) {
        requireOwnHome(home);
        root.ensurePrivateDir(root.instancesDir());
        try {
            if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(home);
                AtomicFiles.restrictToOwnerQuietly(home);
            }
            AtomicFiles.write(home.resolve(StorageMarker.FILE_NAME), Json.mapper().writeValueAsBytes(marker), null);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot create the instance folder " + home + ": " + e.getMessage()
                    + ". Check free disk space and permissions.", e);
        }
    }

    /** Makes sure the data folder or volume exists; returns the mount source. */
    public String prepareData(Path home, StorageKind kind, String slug, Map<String, String> labels) {
        if (kind == StorageKind.FOLDER) {
            Path data = dataFolder(home);
            try {
                if (Files.isSymbolicLink(data)) {
                    throw UserFacingException.conflict("The data folder " + data
                            + " is a symbolic link; dbdock only uses real folders. Move it away and try again.");
                }
                Files.createDirectories(data);
            } catch (IOException e) {
                throw UserFacingException.failed("Cannot create the data folder " + data + ": " + e.getMessage(), e);
            }
            return data.toString();
        }
        String volume = volumeName(slug);
        if (!docker.volumeExists(volume)) {
            docker.createVolume(volume, labels);
        } else if (!"true".equals(docker.volumeLabels(volume).get(Labels.MANAGED))) {
            throw UserFacingException.conflict("A Docker volume named " + volume
                    + " exists but was not made by dbdock. Choose another name.");
        }
        return volume;
    }

    /**
     * A new, empty data location beside the instance's current one, of the same kind: a restore
     * or an upgrade fills it before the instance switches over, so the current data stays as it
     * is until the new data is complete. Folders are {@code <home>/data-<suffix>}, volumes
     * {@code dbdock-<slug>-<suffix>}.
     */
    public String newDataLocation(InstanceRecord instance, String suffix, Map<String, String> labels) {
        if (instance.storage() == StorageKind.VOLUME) {
            String volume = volumeName(instance.slug()) + "-" + suffix;
            if (docker.volumeExists(volume)) {
                throw UserFacingException.conflict("A Docker volume named " + volume + " already exists. Try again in a minute.");
            }
            docker.createVolume(volume, labels);
            return volume;
        }
        Path home = Path.of(instance.home());
        requireOwnHome(home);
        Path data = home.resolve(DATA + "-" + suffix);
        try {
            Files.createDirectory(data);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot create the data folder " + data + ": " + e.getMessage()
                    + ". Check free disk space and permissions.", e);
        }
        return data.toString();
    }

    /**
     * Removes one data location of an instance that the instance does not use (the half-filled
     * one of a failed restore, or old data the user no longer wants). Only the instance's own
     * folders and volumes qualify, never the one it runs on.
     */
    public void removeDataLocation(InstanceRecord instance, String location, String helperImage) {
        if (location.equals(instance.storageLocation())) {
            throw UserFacingException.conflict("'" + instance.name() + "' uses " + location + "; dbdock will not remove it.");
        }
        if (instance.storage() == StorageKind.VOLUME) {
            if (!isOwnVolume(instance, location, docker.volumeLabels(location))) {
                throw UserFacingException.conflict("The volume " + location + " does not belong to '" + instance.name() + "'.");
            }
            docker.removeVolume(location);
            return;
        }
        Path folder = Path.of(location);
        requireOwnDataFolder(instance, folder);
        if (Files.isSymbolicLink(folder)) {
            throw UserFacingException.conflict("Refusing to touch " + folder + ": it is a symbolic link.");
        }
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            emptyThroughContainer(folder, helperImage, instance);
        }
        deleteTree(folder);
    }

    /**
     * Removes the home folder of a deleted instance whose data was kept (its data folders
     * emptied through a container first), and its volume if it used one.
     */
    public void removeOrphanHome(Path home, String helperImage) {
        requireOwnHome(home);
        Optional<StorageMarker> marker = existingMarker(home);
        for (Path data : dataFolders(home)) {
            emptyThroughContainer(data, helperImage, null);
        }
        if (marker.isPresent() && marker.get().storage() == StorageKind.VOLUME) {
            String volume = marker.get().location();
            if (volume != null && "true".equals(docker.volumeLabels(volume).get(Labels.MANAGED))) {
                docker.removeVolume(volume);
            }
        }
        deleteTree(home);
    }

    /** True when a data location of this instance (folder or volume) still exists. */
    public boolean stillThere(InstanceRecord instance, String location) {
        if (location == null) {
            return false;
        }
        return instance.storage() == StorageKind.VOLUME ? docker.volumeExists(location)
                : Files.isDirectory(Path.of(location), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * A volume dbdock made for this instance's storage, of any generation: {@code dbdock-<slug>}, or
     * one a restore or an upgrade made beside it. Either may come from an earlier instance of the
     * same name whose kept data this one took back, so the instance id alone does not decide; a
     * volume made beside carries the slug it was made for (another instance's slug may start the
     * same way, as "app" and "app-2").
     */
    public static boolean isOwnVolume(InstanceRecord instance, String name, Map<String, String> labels) {
        String base = volumeName(instance.slug());
        return "true".equals(labels.get(Labels.MANAGED)) && (name.equals(base)
                || name.startsWith(base + "-") && (instance.id().toString().equals(labels.get(Labels.INSTANCE))
                        || instance.slug().equals(labels.get(Labels.SLUG))));
    }

    /** The instance's data folders: {@code data} and any {@code data-*} beside it, real folders only. */
    public static List<Path> dataFolders(Path home) {
        List<Path> found = new java.util.ArrayList<>();
        try (var children = Files.newDirectoryStream(home, p -> isDataFolderName(p.getFileName().toString())
                && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            children.forEach(found::add);
        } catch (IOException e) {
            // No home, no folders.
        }
        found.sort(null);
        return found;
    }

    private static boolean isDataFolderName(String name) {
        return name.equals(DATA) || name.matches(DATA + "-[0-9A-Za-z-]+");
    }

    private void requireOwnDataFolder(InstanceRecord instance, Path folder) {
        Path home = Path.of(instance.home());
        requireOwnHome(home);
        Path normal = folder.toAbsolutePath().normalize();
        if (!home.toAbsolutePath().normalize().equals(normal.getParent()) || !isDataFolderName(normal.getFileName().toString())) {
            throw new UserFacingException(Problem.CONFLICT, "Refusing to touch " + folder
                    + ": it is not a data folder of '" + instance.name() + "'.");
        }
    }

    /**
     * Deletes an instance's data and home folder. Refuses anything that is not the instance's own
     * real folder directly under the data root's instances folder, or a volume not labelled as its own.
     */
    public void deleteData(InstanceRecord instance, String helperImage) {
        Path home = Path.of(instance.home());
        requireOwnHome(home);
        if (instance.storage() == StorageKind.VOLUME) {
            // The instance label names the instance that first made the volume; a later instance of the
            // same name reuses it. The managed label and the slug-derived name make it ours.
            String volume = instance.storageLocation();
            if (docker.volumeExists(volume)) {
                if (!isOwnVolume(instance, volume, docker.volumeLabels(volume))) {
                    throw UserFacingException.conflict("The volume " + volume
                            + " was not made by dbdock for this instance; dbdock left it alone.");
                }
                docker.removeVolume(volume);
            }
            // Every other generation: the first volume when a restore or an upgrade moved the instance off
            // it, and the volumes those made beside it (old data kept for a rollback, a half-filled one).
            docker.managedVolumes().forEach((name, labels) -> {
                if (!name.equals(volume) && isOwnVolume(instance, name, labels)) {
                    docker.removeVolume(name);
                }
            });
        } else {
            for (Path data : dataFolders(home)) {
                emptyThroughContainer(data, helperImage, instance);
            }
        }
        deleteTree(home);
    }

    /**
     * Before a container starts on an instance's folder: the folder must be there and be the
     * instance's own real folder. Docker would otherwise create an empty one (the database would
     * start empty, as if its data were lost) or follow a symbolic link to somewhere else.
     */
    public void requireUsableData(InstanceRecord instance) {
        Optional<Path> folder = ownDataFolder(instance);
        if (folder.isEmpty()) {
            return;
        }
        Path data = folder.get();
        if (Files.isSymbolicLink(data)) {
            throw new UserFacingException(Problem.CONFLICT, "The data folder " + data + " of '" + instance.name()
                    + "' is a symbolic link; dbdock only uses its own real folders. Put the real folder back in its place.");
        }
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserFacingException(Problem.CONFLICT, "The data folder " + data + " of '" + instance.name()
                    + "' is missing. dbdock will not start the database on an empty folder; restore the folder, "
                    + "or delete the instance.");
        }
        requireWritable(instance, data, "start the database");
    }

    /**
     * Before an instance is deleted with its data: a folder on a read-only file system cannot be
     * emptied, so refuse before anything (the container included) is removed.
     */
    public void requireDeletableData(InstanceRecord instance) {
        Optional<Path> data = ownDataFolder(instance).filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
        if (data.isPresent()) {
            requireWritable(instance, data.get(), "delete its data");
        }
    }

    /** The data folder of a folder-storage instance (its home checked to be its own); empty for a volume. */
    private Optional<Path> ownDataFolder(InstanceRecord instance) {
        if (instance.storage() != StorageKind.FOLDER) {
            return Optional.empty();
        }
        Path home = Path.of(instance.home());
        requireOwnHome(home);
        Path data = instance.storageLocation() == null ? dataFolder(home) : Path.of(instance.storageLocation());
        requireOwnDataFolder(instance, data);
        return Optional.of(data);
    }

    /** A read-only mount (a disk remounted read-only, a read-only share) stops both the database and deletion. */
    private static void requireWritable(InstanceRecord instance, Path data, String action) {
        boolean readOnly;
        try {
            readOnly = ReadOnlyMounts.isReadOnly(data);
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot check the data folder " + data + ": " + e.getMessage(), e);
        }
        if (readOnly) {
            throw new UserFacingException(Problem.CONFLICT, "The data folder " + data + " of '" + instance.name()
                    + "' is on a read-only file system, so dbdock cannot " + action
                    + ". Make it writable again (remount the disk read-write) and retry.");
        }
    }

    /** Files in the data folder belong to the container's uid: empty it from inside a container. */
    private void emptyThroughContainer(Path data, String helperImage, InstanceRecord instance) {
        if (helperImage == null || helperImage.isEmpty() || !docker.imageExists(helperImage)) {
            LOG.warn("Image {} is gone; deleting {} from the host", helperImage, data);
            return;
        }
        int code = docker.runHelper(helperImage,
                List.of(new ContainerSpec.Mount(data.toString(), "/target", false)),
                // find -delete never follows symbolic links.
                List.of("find", "/target", "-mindepth", "1", "-delete"),
                instance == null ? Map.of(Labels.MANAGED, "true", Labels.ROLE, "helper")
                        : Map.of(Labels.MANAGED, "true", Labels.ROLE, "helper", Labels.INSTANCE, instance.id().toString()));
        if (code != 0) {
            throw UserFacingException.failed("Could not empty the data folder " + data
                    + " (helper exit code " + code + "). Remove it by hand with: sudo rm -rf " + data, null);
        }
    }

    /** The path must be a real folder (or not exist yet) directly inside the instances folder. */
    void requireOwnHome(Path home) {
        Path instances = root.instancesDir().toAbsolutePath().normalize();
        Path normal = home.toAbsolutePath().normalize();
        if (!instances.equals(normal.getParent())) {
            throw new UserFacingException(Problem.CONFLICT, "Refusing to touch " + home
                    + ": it is not an instance folder inside " + instances + ".");
        }
        if (Files.isSymbolicLink(normal)) {
            throw new UserFacingException(Problem.CONFLICT, "Refusing to touch " + home
                    + ": it is a symbolic link. dbdock only deletes its own real folders.");
        }
        try {
            if (Files.exists(normal) && Files.exists(instances)
                    && !normal.toRealPath().getParent().equals(instances.toRealPath())) {
                throw new UserFacingException(Problem.CONFLICT, "Refusing to touch " + home
                        + ": it resolves outside " + instances + ".");
            }
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot check " + home + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a folder tree without following symbolic links (a link is removed, not its target). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    if (exc != null) {
                        throw exc;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw UserFacingException.failed("Could not delete " + dir + " (" + e.getMessage()
                    + "). Remove it by hand with: sudo rm -rf " + dir, e);
        }
    }
}
