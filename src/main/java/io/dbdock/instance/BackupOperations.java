package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupSchedule;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.UserFacingException;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Backups of an instance (its engine's own dump tool, while it runs), the list of them, and the schedule that makes them while the app runs. */
final class BackupOperations {
    private static final Logger LOG = LoggerFactory.getLogger(BackupOperations.class);

    private final InstanceRuntime runtime;
    private final InstanceStore store;
    private final BackupStore backups;
    private final DataTransfer transfer;

    BackupOperations(InstanceRuntime runtime, BackupStore backups, DataTransfer transfer) {
        this.runtime = runtime;
        this.store = runtime.store();
        this.backups = backups;
        this.transfer = transfer;
    }

    /** An instance's backups in its backups folder, newest first. */
    List<BackupInfo> backups(String nameOrId) {
        return backups.list(runtime.find(nameOrId).slug());
    }

    /** Where an instance's backups are kept (no file is read: safe on the FX thread). */
    Path backupFolder(InstanceRecord r) {
        return backups.folderFor(r.slug());
    }

    void deleteBackup(Path file) {
        backups.delete(file);
    }

    /**
     * Backs an instance up with its engine's own dump tool while it runs (a stopped one is started
     * for the dump and stopped again), into its backups folder or to {@code to}.
     */
    BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress) {
        return backup(nameOrId, to, progress, false);
    }

    private BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress, boolean scheduled) {
        InstanceRecord found = runtime.find(nameOrId);
        if (to != null && Files.exists(to)) {
            throw UserFacingException.conflict(to + " already exists. Choose another file name, or delete that file first.");
        }
        return runtime.withLock(found, () -> {
            InstanceRecord r = runtime.current(found);
            boolean wasRunning = runtime.isRunning(r);
            if (!wasRunning) {
                DataSteps.requireReady(runtime.startHeld(r, true), "for the backup");
            } else {
                runtime.refreshSecrets(r); // a container an older dbdock made may lack a file the tools now read
            }
            try {
                Path target = to != null ? to.toAbsolutePath() : backups.newFile(r.slug(), runtime.engine(r).dump().extension(), Instant.now());
                BackupInfo made = transfer.dump(r, runtime.engine(r), runtime.credentials(r), runtime.image(r), target, progress);
                BackupInfo info = scheduled ? made.asScheduled() : made;
                backups.writeInfo(info);
                return info;
            } finally {
                if (!wasRunning) {
                    InstanceRuntime.attempt("stop the instance again", () -> runtime.stopHeld(r));
                }
            }
        });
    }

    Optional<BackupSchedule> backupSchedule(String nameOrId) {
        return BackupSchedule.read(Path.of(runtime.find(nameOrId).home()));
    }

    /** Sets (or, with empty, ends) an instance's automatic backups; they run while the dbdock app runs. */
    void setBackupSchedule(String nameOrId, Optional<BackupSchedule> schedule) {
        schedule.ifPresent(x -> InstanceRuntime.check(BackupSchedule.problemWith(x.everyHours(), x.keep())));
        InstanceRecord r = runtime.find(nameOrId);
        BackupSchedule.write(Path.of(r.home()), schedule);
        LOG.info("Backup schedule of {}: {}", r.name(), schedule.map(x -> "every " + x.everyHours() + " h, keep " + x.keep()).orElse("off"));
    }

    /**
     * Makes the backups that are due at {@code now} (of running instances with a schedule: a
     * stopped one's data does not change) and deletes scheduled backups beyond each one's "keep".
     * Failures are logged and reported, never thrown: one instance must not stop the others.
     *
     * @return one line per backup made or failed, for the log and a notice
     */
    List<ScheduledBackup> runScheduledBackups(Instant now) {
        List<ScheduledBackup> report = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            Optional<BackupSchedule> schedule = BackupSchedule.read(Path.of(r.home()));
            if (schedule.isEmpty() || !runtime.isRunning(r)) {
                continue;
            }
            List<BackupInfo> existing = backups.list(r.slug());
            if (!schedule.get().isDue(existing.stream().map(BackupInfo::createdAt).max(java.util.Comparator.naturalOrder()), now)) {
                continue;
            }
            try {
                BackupInfo made = backup(r.id().toString(), null, null, true);
                report.add(new ScheduledBackup(r.name(), made, null));
                for (BackupInfo old : schedule.get().surplus(backups.list(r.slug()))) {
                    backups.delete(old.file());
                    LOG.info("Deleted the scheduled backup {} (keeping {})", old.file(), schedule.get().keep());
                }
            } catch (RuntimeException e) {
                LOG.warn("Scheduled backup of {} failed: {}", r.name(), e.getMessage());
                report.add(new ScheduledBackup(r.name(), null, e.getMessage()));
            }
        }
        return report;
    }
}
