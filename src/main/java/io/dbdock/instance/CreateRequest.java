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
 * @param context   the docker context of another engine the app follows to make it on, or null for the service's own
 */
public record CreateRequest(String engine, String version, String name, Integer port, String bindAddress,
                            String password, StorageKind storage, boolean waitReady, boolean portIsPreference,
                            ProjectMembership project, String variant, String context) {

    public CreateRequest(String engine, String version, String name, Integer port, String bindAddress,
                         String password, StorageKind storage, boolean waitReady) {
        this(engine, version, name, port, bindAddress, password, storage, waitReady, false, null, null, null);
    }

    public static CreateRequest of(String engine) {
        return new CreateRequest(engine, null, null, null, null, null, null, true);
    }

    public CreateRequest withName(String newName) {
        return new CreateRequest(engine, version, newName, port, bindAddress, password, storage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withVersion(String newVersion) {
        return new CreateRequest(engine, newVersion, name, port, bindAddress, password, storage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withPort(Integer newPort) {
        return new CreateRequest(engine, version, name, newPort, bindAddress, password, storage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withPassword(String newPassword) {
        return new CreateRequest(engine, version, name, port, bindAddress, newPassword, storage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withStorage(StorageKind newStorage) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, newStorage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withBindAddress(String newBind) {
        return new CreateRequest(engine, version, name, port, newBind, password, storage, waitReady, portIsPreference, project, variant, context);
    }

    public CreateRequest withWaitReady(boolean wait) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, wait, portIsPreference, project, variant, context);
    }

    public CreateRequest withVariant(String newVariant) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, waitReady, portIsPreference, project,
                newVariant == null || newVariant.isBlank() ? null : newVariant.trim(), context);
    }

    /** For a project file: the port is a preference, and the instance remembers its project. */
    public CreateRequest forProject(ProjectMembership membership) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, waitReady, true, membership, variant, context);
    }

    /** On another engine the app follows (its docker context), or with null on the service's own. */
    public CreateRequest onEngine(String otherContext) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, waitReady, portIsPreference, project, variant,
                otherContext);
    }

    @Override
    public String toString() {
        return "CreateRequest[engine=" + engine + (variant == null ? "" : "+" + variant) + ", version=" + version + ", name=" + name + ", port=" + port
                + ", bind=" + bindAddress + ", storage=" + storage + (project == null ? "" : ", project=" + project.project() + "/" + project.database())
                + (context == null ? "" : ", context=" + context) + ", password=" + (password == null ? "generated" : "***") + "]";
    }
}
