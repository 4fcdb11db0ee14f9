package io.dbdock.instance;

import io.dbdock.backup.BackupStore;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.model.StorageEntry;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageOverview;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The storage overview (in use, previous, orphaned, backups, with sizes) and removing what is no longer used. */
final class StorageOperations {
    private static final Logger LOG = LoggerFactory.getLogger(StorageOperations.class);

    private final InstanceRuntime runtime;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final InstanceContainers containers;
    private final BackupStore backups;
    private final StorageOverview overview;

    StorageOperations(InstanceRuntime runtime, BackupStore backups, StorageOverview overview) {
        this.runtime = runtime;
        this.catalog = runtime.catalog();
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.storage = runtime.storage();
        this.containers = runtime.containers();
        this.backups = backups;
        this.overview = overview;
    }

    /** Every storage dbdock manages, with sizes (one volume call, folder walks): slow, never on the FX thread. */
    List<StorageEntry> storageEntries() {
        List<InstanceRecord> records = store.load();
        return overview.list(records, anyLocalImage(records));
    }

    /**
     * Removes one storage entry by its name (or location). Refused while a running container uses
     * it, and for the storage an instance runs on (delete the instance with its data instead).
     */
    StorageEntry removeStorage(String nameOrLocation) {
        StorageEntry entry = storageEntries().stream()
                .filter(e -> e.name().equals(nameOrLocation) || e.location().equals(nameOrLocation))
                .findFirst()
                .orElseThrow(() -> UserFacingException.notFound("dbdock manages no storage named '" + nameOrLocation
                        + "'. See: dbdock storage list"));
        removeStorage(entry);
        return entry;
    }

    void removeStorage(StorageEntry entry) {
        if (entry.running()) {
            throw UserFacingException.conflict(entry.name() + " is in use by the running instance '" + entry.instance()
                    + "'. Stop it first.");
        }
        switch (entry.role()) {
            case IN_USE -> throw UserFacingException.conflict(entry.name() + " holds the data of '" + entry.instance()
                    + "'. To remove it, delete the instance with: dbdock rm " + InstanceRuntime.quoteName(entry.instance()) + " --delete-data");
            case PREVIOUS -> {
                InstanceRecord owner = runtime.find(entry.instance());
                runtime.withLock(owner, () -> {
                    storage.removeDataLocation(runtime.current(owner), entry.location(), runtime.image(owner));
                    return null;
                });
            }
            case ORPHANED -> {
                String helper = helperImageFor(entry.engine(), entry.version());
                if (entry.kind() == StorageEntry.Kind.VOLUME) {
                    if (!"true".equals(docker.volumeLabels(entry.location()).get(Labels.MANAGED))) {
                        throw UserFacingException.conflict("The volume " + entry.location() + " was not made by dbdock; it was left alone.");
                    }
                    docker.removeVolume(entry.location());
                } else {
                    storage.removeOrphanHome(Path.of(entry.location()), helper);
                }
            }
            case BACKUPS -> backups.deleteFolder(Path.of(entry.location()));
            default -> throw new IllegalStateException(entry.role().toString());
        }
        LOG.info("Removed storage {} ({})", entry.name(), entry.role().label());
    }

    /** The image that initialised kept data, for the helper that empties it; else any image an instance uses. */
    private String helperImageFor(String engineId, String versionId) {
        Optional<String> own = catalog.find(engineId).flatMap(e -> e.version(versionId).map(v -> containers.image(e, v)))
                .filter(docker::imageExists);
        return own.or(() -> anyLocalImage(store.load())).orElse("");
    }

    private Optional<String> anyLocalImage(List<InstanceRecord> records) {
        return records.stream().map(runtime::image).distinct().filter(docker::imageExists).findFirst();
    }
}
