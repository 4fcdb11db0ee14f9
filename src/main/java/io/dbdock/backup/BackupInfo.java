package io.dbdock.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What dbdock records beside each backup file (as {@code <file>.json}): where it came from and
 * what it holds, so a list can show it without opening the file and a restore can check it.
 *
 * @param file       the backup file (not stored in the JSON; it is the file beside it)
 * @param instance   name of the instance it was made from
 * @param engine     engine id
 * @param version    engine version of the instance at the time
 * @param image      image whose tools made it
 * @param createdAt  when the dump started
 * @param bytes      size of the file (compressed)
 * @param rawBytes   size of the dump before compression
 * @param sha256     checksum of the file, checked before a restore
 * @param scheduled  made by the daily schedule (only those are pruned by it)
 */
public record BackupInfo(@JsonIgnore Path file, String instance, String engine, String version, String image,
                         Instant createdAt, long bytes, long rawBytes, String sha256, boolean scheduled) {

    public BackupInfo withFile(Path f) {
        return new BackupInfo(f, instance, engine, version, image, createdAt, bytes, rawBytes, sha256, scheduled);
    }

    public BackupInfo asScheduled() {
        return new BackupInfo(file, instance, engine, version, image, createdAt, bytes, rawBytes, sha256, true);
    }

    public static Path metadataFile(Path backup) {
        return backup.resolveSibling(backup.getFileName() + ".json");
    }
}
