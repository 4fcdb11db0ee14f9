package io.dbdock.instance;

import io.dbdock.model.StorageKind;

/**
 * What a user asks for; every null means "choose for me".
 *
 * @param password a password of the user's, or null to generate one
 * @param waitReady whether create returns only once the instance is Ready
 */
public record CreateRequest(String engine, String version, String name, Integer port, String bindAddress,
                            String password, StorageKind storage, boolean waitReady) {

    public static CreateRequest of(String engine) {
        return new CreateRequest(engine, null, null, null, null, null, null, true);
    }

    public CreateRequest withName(String newName) {
        return new CreateRequest(engine, version, newName, port, bindAddress, password, storage, waitReady);
    }

    public CreateRequest withVersion(String newVersion) {
        return new CreateRequest(engine, newVersion, name, port, bindAddress, password, storage, waitReady);
    }

    public CreateRequest withPort(Integer newPort) {
        return new CreateRequest(engine, version, name, newPort, bindAddress, password, storage, waitReady);
    }

    public CreateRequest withPassword(String newPassword) {
        return new CreateRequest(engine, version, name, port, bindAddress, newPassword, storage, waitReady);
    }

    public CreateRequest withStorage(StorageKind newStorage) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, newStorage, waitReady);
    }

    public CreateRequest withBindAddress(String newBind) {
        return new CreateRequest(engine, version, name, port, newBind, password, storage, waitReady);
    }

    public CreateRequest withWaitReady(boolean wait) {
        return new CreateRequest(engine, version, name, port, bindAddress, password, storage, wait);
    }

    @Override
    public String toString() {
        return "CreateRequest[engine=" + engine + ", version=" + version + ", name=" + name + ", port=" + port
                + ", bind=" + bindAddress + ", storage=" + storage + ", password=" + (password == null ? "generated" : "***") + "]";
    }
}
