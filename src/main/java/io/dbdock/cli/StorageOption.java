package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import io.dbdock.model.StorageKind;
import java.util.Locale;

final class StorageOption {
    private StorageOption() {
    }

    static StorageKind parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "folder" -> StorageKind.FOLDER;
            case "volume" -> StorageKind.VOLUME;
            default -> throw UserFacingException.invalid("Unknown storage '" + value + "': use folder or volume.");
        };
    }
}
