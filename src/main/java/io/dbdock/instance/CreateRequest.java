package io.dbdock.instance;

import io.dbdock.model.ProjectMembership;
import io.dbdock.model.StorageKind;

/**
 * What a user asks for; every null means "choose for me".
 *
 * @param password a password of the user's, or null to generate one
 * @param waitReady whether create returns only once the instance is Ready
 * @param portIsPreference whether {@code port} may be replaced by the next free one when it is taken (a project file's port)
 * @param project   the project file the instance is made for, or null
 * @param variant   the engine's variant from the catalog ("pgvector"), or null for the plain engine
 */
public record CreateRequest(String engine, String version, String name, Integer port, String bindAddress,
                            String password, StorageKind storage, boolean waitReady, boolean portIsPreference,
                            ProjectMembership project, String variant) {

    public CreateRequest(String engine, String version, String name, Integer port, String bindAddress,
                         String password, StorageKind storage, boolean waitReady) {
        this(engine, version, name, port, bindAddress, password, storage, waitReady, false, null, null);
    }

    public static CreateRequest of(String engine) {
        return new CreateRequest(engine, null, null, null, null, null, null, true);
    }

    public CreateRequest withName(String newName) {
        return new CreateRequest(engine, version, newName, port, bindAddress, password, storage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withVersion(String newVersion) {
        return new CreateRequest(engine, newVersion, name, port, bindAddress, password, storage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withPort(Integer newPort) {
        return new CreateRequest(engine, version, name, newPort, bindAddress, password, storage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withPassword(String newPassword) {
        return new CreateRequest(engine, version, name, port, bindAddress, newPassword, storage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withStorage(StorageKind newStorage) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, newStorage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withBindAddress(String newBind) {
        return new CreateRequest(engine, version, name, port, newBind, password, storage, waitReady, portIsPreference, project, variant);
    }

    public CreateRequest withWaitReady(boolean wait) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, wait, portIsPreference, project, variant);
    }

    public CreateRequest withVariant(String newVariant) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, waitReady, portIsPreference, project,
                newVariant == null || newVariant.isBlank() ? null : newVariant.trim());
    }

    /** For a project file: the port is a preference, and the instance remembers its project. */
    public CreateRequest forProject(ProjectMembership membership) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, waitReady, true, membership, variant);
    }

    @Override
    public String toString() {
        return "CreateRequest[engine=" + engine + (variant == null ? "" : "+" + variant) + ", version=" + version + ", name=" + name + ", port=" + port
                + ", bind=" + bindAddress + ", storage=" + storage + (project == null ? "" : ", project=" + project.project() + "/" + project.database())
                + ", password=" + (password == null ? "generated" : "***") + "]";
    }
}
