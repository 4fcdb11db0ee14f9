package io.dbdock.cli;

import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.model.InstanceRecord;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upgrade",
        footerHeading = "%nExamples:%n", footer = {"  dbdock upgrade app --to 18", "  dbdock upgrade cache --to valkey   (Redis 7.2 to Valkey, newest)",
                "  dbdock upgrade app --rollback"},
        description = "Move an instance to a newer major version (backup, new version, restore, row counts "
        + "compared), or a Redis 7.2 instance to Valkey; the old version's data is kept for --rollback.")
final class UpgradeCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to upgrade (or roll back)")
    String name;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "VERSION", description = "The newer version, e.g. 18 (see `dbdock engines`), or valkey[:VERSION] to switch Redis 7.2 to Valkey")
        String version;
        @Option(names = "--rollback", description = "Go back to the version and data from before the last upgrade")
        boolean rollback;
    }

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
    boolean yes;

    UpgradeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceService service = ctx.service();
        InstanceRecord r = service.find(name);
        if (target.rollback) {
            var upgrade = service.lastUpgrade(name).orElseThrow(() -> io.dbdock.common.UserFacingException.conflict(
                    "'" + r.name() + "' has no upgrade to roll back (or its old data was removed)."));
            if (!yes && !ctx.terminal().confirm("Switch '" + r.name() + "' back to " + upgrade.engineBefore(r.engine()) + " " + upgrade.fromVersion()
                    + " and its data from " + upgrade.at() + "? Changes made since stay aside in the " + r.version() + " data.")) {
                ctx.terminal().err().println("Nothing was changed.");
                return Cli.NOT_CONFIRMED;
            }
            InstanceSnapshot s = service.rollBackUpgrade(name);
            ctx.out().println("Rolled " + r.name() + " back to " + s.record().engineWithVariant() + " " + s.record().version() + "; it is "
                    + s.state().label() + ".");
            return 0;
        }
        if (!yes && !ctx.terminal().confirm("Upgrade '" + r.name() + "' from " + r.engineWithVariant() + " " + r.version() + " to "
                + target.version.trim() + "? It is backed up first and stopped during the upgrade; stop applications writing to it.")) {
            ctx.terminal().err().println("Nothing was changed.");
            return Cli.NOT_CONFIRMED;
        }
        long started = System.currentTimeMillis();
        InstanceService.Upgraded done;
        try {
            done = service.upgrade(name, target.version, BackupCommands.progress(ctx));
        } finally {
            ctx.terminal().endProgress();
        }
        ctx.out().println("Upgraded " + r.name() + " to " + done.snapshot().record().engineWithVariant() + " "
                + done.snapshot().record().version() + " in "
                + String.format(Locale.ROOT, "%.1f s", (System.currentTimeMillis() - started) / 1000.0) + "; it is "
                + done.snapshot().state().label() + ".");
        ctx.out().println(done.comparison());
        ctx.out().println("Backup from before: " + done.backup().file());
        ctx.out().println("The " + r.version() + " data is kept at " + done.oldData() + "; go back with: dbdock upgrade "
                + r.name() + " --rollback");
        return 0;
    }
}
