package io.dbdock.model;

import io.dbdock.common.Platform;
import java.util.Locale;

/** Where an instance's data lives: a host folder (bind mount) or a labelled Docker volume. */
public enum StorageKind {
    FOLDER, VOLUME;

    /** Folders on Linux; volumes where bind mounts are slow or break (Docker Desktop on macOS and Windows). */
    public static StorageKind defaultFor(Platform platform) {
        return platform == Platform.LINUX ? FOLDER : VOLUME;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
