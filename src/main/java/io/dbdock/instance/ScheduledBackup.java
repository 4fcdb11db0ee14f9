package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;

/**
 * What one scheduled backup did: the backup made, or why it could not be made.
 *
 * @param made    the new backup, or null when it failed
 * @param problem why it failed (a user-facing sentence), or null
 */
public record ScheduledBackup(String instance, BackupInfo made, String problem) {
    public boolean ok() {
        return made != null;
    }

    /** One line for a notice. */
    public String message() {
        return ok() ? "Backed up " + instance + " (scheduled): " + made.file().getFileName()
                : "The scheduled backup of " + instance + " failed: " + problem;
    }
}
