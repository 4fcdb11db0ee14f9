package io.dbdock.model;

import java.time.Instant;
import java.util.UUID;

/**
 * What dbdock remembers about one instance (the password lives in its own 0600 file).
 *
 * @param id              stable identity, also on the container's labels
 * @param name            display name, unique
 * @param slug            file- and container-safe form of the name, fixed at creation
 * @param engine          engine id from the catalog
 * @param version         engine version from the catalog
 * @param port            host port, kept across restarts
 * @param bindAddress     host address the port is published on (127.0.0.1 unless chosen)
 * @param storage         folder or volume
 * @param storageLocation absolute host folder, or volume name
 * @param home            the instance's own folder under the data root (secret, storage marker)
 * @param user            database user
 * @param database        database opened first
 * @param createdAt       creation time
 * @param autoStart       start when dbdock starts
 * @param project         the project file it was made for, or null
 * @param variant         the engine's variant from the catalog ("pgvector"), or null for the plain engine
 * @param place           the Docker engine it lives on, or null when recorded before dbdock told engines apart
 *                        (taken to be the engine where its container is next found)
 */
public record InstanceRecord(
        UUID id,
        String name,
        String slug,
        String engine,
        String version,
        int port,
        String bindAddress,
        StorageKind storage,
        String storageLocation,
        String home,
        String user,
        String database,
        Instant createdAt,
        boolean autoStart,
        ProjectMembership project,
        String variant,
        EnginePlace place) {

    /** An instance whose engine is not recorded yet (the record is stamped when its container is found). */
    public InstanceRecord(UUID id, String name, String slug, String engine, String version, int port, String bindAddress,
                          StorageKind storage, String storageLocation, String home, String user, String database,
                          Instant createdAt, boolean autoStart, ProjectMembership project, String variant) {
        this(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home, user, database, createdAt,
                autoStart, project, variant, null);
    }

    /** A plain-engine instance (no variant). */
    public InstanceRecord(UUID id, String name, String slug, String engine, String version, int port, String bindAddress,
                          StorageKind storage, String storageLocation, String home, String user, String database,
                          Instant createdAt, boolean autoStart, ProjectMembership project) {
        this(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home, user, database, createdAt,
                autoStart, project, null);
    }

    /** An instance made outside any project. */
    public InstanceRecord(UUID id, String name, String slug, String engine, String version, int port, String bindAddress,
                          StorageKind storage, String storageLocation, String home, String user, String database,
                          Instant createdAt, boolean autoStart) {
        this(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home, user, database, createdAt,
                autoStart, null, null);
    }

    /** The engine as lists write it: "postgres", or "postgres+pgvector" with a variant. */
    public String engineWithVariant() {
        return engineWithVariant(engine, variant);
    }

    /** The one way an engine and its variant are written (lists, labels' readers, settings keys, storage markers). */
    public static String engineWithVariant(String engine, String variant) {
        return variant == null ? engine : engine + "+" + variant;
    }

    public String containerName() {
        return "dbdock-" + slug;
    }

    public InstanceRecord withName(String newName) {
        return new InstanceRecord(id, newName, slug, engine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    public InstanceRecord withBindAddress(String newBind) {
        return new InstanceRecord(id, name, slug, engine, version, port, newBind, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    public InstanceRecord withAutoStart(boolean newAutoStart) {
        return new InstanceRecord(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, newAutoStart, project, variant, place);
    }

    /** The same instance on other storage of the same kind (after a restore or an upgrade). */
    public InstanceRecord withStorageLocation(String newLocation) {
        return new InstanceRecord(id, name, slug, engine, version, port, bindAddress, storage, newLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    public InstanceRecord withVersion(String newVersion) {
        return new InstanceRecord(id, name, slug, engine, newVersion, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    /** The same instance on another engine that reads its data (a switch from Redis to Valkey). */
    public InstanceRecord withEngine(String newEngine) {
        return new InstanceRecord(id, name, slug, newEngine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    public InstanceRecord withPort(int newPort) {
        return new InstanceRecord(id, name, slug, engine, version, newPort, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, place);
    }

    public InstanceRecord withVariant(String newVariant) {
        return new InstanceRecord(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, newVariant, place);
    }

    public InstanceRecord withPlace(EnginePlace newPlace) {
        return new InstanceRecord(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, project, variant, newPlace);
    }

    /** Whether it lives on the engine {@code now} (a record without a place: wherever its container is). */
    public boolean livesOn(EnginePlace now) {
        return place == null || place.sameEngine(now);
    }

    public InstanceRecord withProject(ProjectMembership newProject) {
        return new InstanceRecord(id, name, slug, engine, version, port, bindAddress, storage, storageLocation, home,
                user, database, createdAt, autoStart, newProject, variant, place);
    }
}
