package io.dbdock.backup;

import io.dbdock.common.UserFacingException;
import io.dbdock.store.AtomicFiles;
import io.dbdock.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic backups of one instance while the dbdock app runs: one every {@code everyHours}, the
 * newest {@code keep} of them kept (backups made by hand are never pruned). Stored in the
 * instance's home folder as {@code backup-schedule.json}.
 */
public record BackupSchedule(int everyHours, int keep) {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSchedule.class);
    private static final String FILE = "backup-schedule.json";

    public static BackupSchedule daily(int keep) {
        return new BackupSchedule(24, keep);
    }

    /** A plain sentence when the numbers make no sense, else null. */
    public static String problemWith(int everyHours, int keep) {
        if (everyHours < 1 || everyHours > 24 * 30) {
            return "Back up every 1 to 720 hours.";
        }
        if (keep < 1 || keep > 365) {
            return "Keep between 1 and 365 backups.";
        }
        return null;
    }

    /** True when the newest backup (if any) is at least one interval old at {@code now}. */
    public boolean isDue(Optional<Instant> newest, Instant now) {
        return newest.isEmpty() || !newest.get().plus(Duration.ofHours(everyHours)).isAfter(now);
    }

    /** The scheduled backups beyond the newest {@code keep}, oldest last (those to delete). */
    public List<BackupInfo> surplus(List<BackupInfo> backups) {
        List<BackupInfo> scheduled = backups.stream().filter(BackupInfo::scheduled)
                .sorted(Comparator.comparing(BackupInfo::createdAt).reversed()).toList();
        return scheduled.size() <= keep ? List.of() : scheduled.subList(keep, scheduled.size());
    }

    public static Optional<BackupSchedule> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), BackupSchedule.class));
        } catch (IOException e) {
            LOG.warn("Unreadable backup schedule {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    public static void write(Path home, Optional<BackupSchedule> schedule) {
        Path file = home.resolve(FILE);
        try {
            if (schedule.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                AtomicFiles.write(file, Json.mapper().writeValueAsBytes(schedule.get()), null);
            }
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot save the backup schedule in " + home + ": " + e.getMessage(), e);
        }
    }
}
