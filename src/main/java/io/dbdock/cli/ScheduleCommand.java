package io.dbdock.cli;

import io.dbdock.backup.BackupSchedule;
import io.dbdock.common.UserFacingException;
import io.dbdock.model.InstanceRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schedule",
        footerHeading = "%nExamples:%n", footer = {"  dbdock schedule app --daily --keep 7", "  dbdock schedule app --every 6", "  dbdock schedule app --off"},
        description = "Show or set automatic backups of an instance; they run while the dbdock app "
        + "(window or tray) runs, and only the newest --keep of them are kept.")
final class ScheduleCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to back up on a schedule")
    String name;
    @Option(names = "--daily", description = "A backup every 24 hours")
    boolean daily;
    @Option(names = "--every", paramLabel = "HOURS", description = "A backup every HOURS hours (1-720)")
    Integer everyHours;
    @Option(names = "--keep", paramLabel = "N", description = "How many scheduled backups to keep (default 7)")
    Integer keep;
    @Option(names = "--off", description = "No more automatic backups (the existing ones stay)")
    boolean off;

    ScheduleCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceRecord r = ctx.service().find(name);
        if ((daily || everyHours != null) && off) {
            throw UserFacingException.invalid("Choose either a schedule (--daily or --every) or --off.");
        }
        if (off) {
            ctx.service().setBackupSchedule(name, Optional.empty());
            ctx.out().println("No automatic backups of " + r.name() + " any more; its backups stay.");
            return 0;
        }
        if (daily || everyHours != null || keep != null) {
            int hours = everyHours != null ? everyHours : daily ? 24
                    : ctx.service().backupSchedule(name).map(BackupSchedule::everyHours).orElse(24);
            int kept = keep != null ? keep : ctx.service().backupSchedule(name).map(BackupSchedule::keep).orElse(7);
            ctx.service().setBackupSchedule(name, Optional.of(new BackupSchedule(hours, kept)));
        }
        ctx.out().println(ctx.service().backupSchedule(name)
                .map(s -> r.name() + " is backed up every " + s.everyHours() + " hours while the dbdock app runs; the newest "
                        + s.keep() + " scheduled backups are kept.")
                .orElse("No automatic backups of " + r.name() + ". Set them with: dbdock schedule " + r.name() + " --daily --keep 7"));
        return 0;
    }
}
