package io.dbdock.bench;

import io.dbdock.backup.BackupInfo;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Backup and restore of a PostgreSQL instance holding {@code megabytes} of table data (at least
 * 1 GB in the full run), against what a user would type by hand in the same run:
 * {@code docker exec … pg_dumpall | gzip -1 > file} and {@code gunzip -c file | docker exec -i … psql}.
 * Throughput is the database size (pg_database_size, all databases) divided by the time.
 */
final class BackupThroughput {
    /** About 260 bytes per row on disk: 6 md5 strings compress roughly like ordinary text data. */
    private static final int BYTES_PER_ROW = 260;

    private BackupThroughput() {
    }

    static List<Figure> run(Path out, int megabytes) throws Exception {
        try (BenchEnv env = new BenchEnv(out, "backup")) {
            InstanceService service = env.service;
            service.create(CreateRequest.of("postgres").withName("big").withStorage(StorageKind.FOLDER), s -> { });
            InstanceRecord big = service.find("big");
            long rows = (long) megabytes * 1024 * 1024 / BYTES_PER_ROW;
            psql(big, "CREATE TABLE big AS SELECT g AS id, md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text) "
                    + "|| md5((g + 3)::text) || md5((g + 4)::text) || md5((g + 5)::text) AS payload FROM generate_series(1, " + rows + ") g");
            long databaseBytes = Long.parseLong(psql(big, "SELECT sum(pg_database_size(datname)) FROM pg_database").trim());
            double mb = databaseBytes / 1048576.0;

            long start = System.nanoTime();
            BackupInfo backup = service.backup("big", null, p -> { });
            double backupSeconds = (System.nanoTime() - start) / 1e9;

            Path byHand = out.resolve("by-hand.sql.gz");
            start = System.nanoTime();
            BenchEnv.run("sh", "-c", "docker exec " + big.containerName() + " pg_dumpall --clean --if-exists -U postgres | gzip -1 > " + byHand);
            double byHandBackupSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            InstanceService.Restored restored = service.restore("big", backup.file(), p -> { });
            double restoreSeconds = (System.nanoTime() - start) / 1e9;
            if (restored.snapshot().state() != InstanceState.READY) {
                throw new IllegalStateException("restore ended " + restored.snapshot().state());
            }
            long restoredRows = Long.parseLong(psql(service.find("big"), "SELECT count(*) FROM big").trim());
            if (restoredRows != rows) {
                throw new IllegalStateException("restored " + restoredRows + " rows of " + rows);
            }
            service.removeStorage(restored.previousData()); // the data from before, no longer needed

            service.create(CreateRequest.of("postgres").withName("by-hand").withStorage(StorageKind.FOLDER), s -> { });
            InstanceRecord target = service.find("by-hand");
            start = System.nanoTime();
            BenchEnv.run("sh", "-c", "gunzip -c " + byHand + " | docker exec -i " + target.containerName()
                    + " psql -X -q -U postgres -d postgres >/dev/null 2>&1");
            double byHandRestoreSeconds = (System.nanoTime() - start) / 1e9;

            String note = String.format(java.util.Locale.ROOT, "postgres, %.0f MB in all databases (%d rows), backup file %.0f MB",
                    mb, rows, Files.size(backup.file()) / 1048576.0);
            return List.of(
                    Figure.reported("backup_database_size", mb, "MB", note),
                    Figure.reported("backup_file_size", Files.size(backup.file()) / 1048576.0, "MB", note + ", gzip level 1"),
                    Figure.reported("backup_throughput", mb / backupSeconds, "MB/s", note + String.format(java.util.Locale.ROOT,
                            ", dbdock backup %.1f s", backupSeconds)),
                    Figure.reported("backup_throughput_by_hand", mb / byHandBackupSeconds, "MB/s", String.format(java.util.Locale.ROOT,
                            "docker exec pg_dumpall | gzip -1, %.1f s", byHandBackupSeconds)),
                    Figure.reported("backup_vs_by_hand", backupSeconds / byHandBackupSeconds, "x", "time, dbdock / by hand"),
                    Figure.reported("restore_throughput", mb / restoreSeconds, "MB/s", note + String.format(java.util.Locale.ROOT,
                            ", dbdock restore %.1f s: file check, new storage and initdb, load, Ready", restoreSeconds)),
                    Figure.reported("restore_throughput_by_hand", mb / byHandRestoreSeconds, "MB/s", String.format(java.util.Locale.ROOT,
                            "gunzip -c | docker exec -i psql into a running empty instance, %.1f s", byHandRestoreSeconds)),
                    Figure.reported("restore_vs_by_hand", restoreSeconds / byHandRestoreSeconds, "x", "time, dbdock / by hand"));
        }
    }

    private static String psql(InstanceRecord r, String sql) {
        return BenchEnv.run("docker", "exec", r.containerName(), "psql", "-X", "-At", "-U", "postgres", "-d", "postgres", "-c", sql);
    }
}
