package io.dbdock.model;

/**
 * One piece of storage dbdock manages, as the storage overview shows it.
 *
 * @param name     what to pass to {@code dbdock storage rm}: a volume name, or a folder relative to the data root
 * @param kind     folder, volume, or a folder of backups
 * @param location absolute folder path or volume name
 * @param bytes    disk use, or -1 when it could not be measured
 * @param instance the instance it belongs to (for orphaned data: the deleted instance's folder name), or null
 * @param role     what it is to that instance
 * @param engine   engine that initialised it, if known
 * @param version  engine version that initialised it, if known
 * @param running  a running container uses it now
 */
public record StorageEntry(String name, Kind kind, String location, long bytes, String instance, Role role,
                           String engine, String version, boolean running) {

    public enum Kind {
        FOLDER, VOLUME, BACKUPS;

        /** Also the JSON value: every --json writes enums in lower case ("folder", as `list --json` does). */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Role {
        IN_USE("in use"), PREVIOUS("previous data"), ORPHANED("orphaned"), BACKUPS("backups");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The JSON value: lower case, words joined by "_" ("in_use"). */
        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public StorageEntry withBytes(long n) {
        return new StorageEntry(name, kind, location, n, instance, role, engine, version, running);
    }
}
