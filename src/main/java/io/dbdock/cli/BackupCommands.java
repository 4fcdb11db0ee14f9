package io.dbdock.cli;

import io.dbdock.common.Times;
import io.dbdock.common.Sizes;
import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.TransferProgress;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import io.dbdock.common.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Backups, restores and clones of an instance's data. */
final class BackupCommands {

    private BackupCommands() {
    }

    /** A progress line such as "Dumping: 120 MB" or "Loading: 45% (90 MB of 200 MB)". */
    static Consumer<TransferProgress> progress(CliContext ctx) {
        return p -> ctx.terminal().progress(p.step() + ": " + (p.total() > 0
                ? p.percent() + "% (" + Sizes.bytes(p.bytes()) + " of " + Sizes.bytes(p.total()) + ")"
                : Sizes.bytes(p.bytes())));
    }

    @Command(name = "backup",
        footerHeading = "%nExamples:%n", footer = {"  dbdock backup app", "  dbdock backup app --to /tmp/app.sql.gz"},
        description = "Back up an instance's data with its engine's own dump tool (it may keep running).")
    static final class Backup implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(paramLabel = "NAME", description = "The instance to back up (its name, or the start of its id)")
        String name;
        @Option(names = "--to", paramLabel = "FILE", description = "Write the backup here instead of the instance's backups folder")
        Path to;

        Backup(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            long started = System.currentTimeMillis();
            BackupInfo info;
            try {
                info = ctx.service().backup(name, to, progress(ctx));
            } finally {
                ctx.terminal().endProgress();
            }
            long millis = System.currentTimeMillis() - started;
            ctx.out().println("Backed up " + info.instance() + " to " + info.file());
            ctx.out().println(Sizes.bytes(info.bytes()) + " (" + Sizes.bytes(info.rawBytes()) + " before compression) in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) + ", " + Sizes.rate(info.rawBytes(), millis) + ".");
            return 0;
        }
    }

    @Command(name = "backups",
        footerHeading = "%nExamples:%n", footer = {"  dbdock backups app", "  dbdock backups app --json"},
        description = "List an instance's backups, newest first.")
    static final class ListBackups implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(paramLabel = "NAME", description = "The instance whose backups to list")
        String name;
        @Option(names = "--json", description = "Print JSON")
        boolean json;

        ListBackups(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            InstanceService service = ctx.service();
            List<BackupInfo> found = service.backups(name);
            if (json) {
                ctx.out().println(Json.mapper().writeValueAsString(found.stream().map(BackupView::of).toList()));
            } else if (found.isEmpty()) {
                ctx.out().println("No backups of " + service.find(name).name() + " yet. Make one with: dbdock backup " + name);
            } else {
                Table table = new Table("DATE", "SIZE", "VERSION", "FILE");
                found.forEach(b -> table.row(Times.human(b.createdAt()), Sizes.bytes(b.bytes()), b.engine() + " " + b.version(),
                        b.file().toString()));
                table.print(ctx.out());
            }
            return 0;
        }
    }

    /** A backup as JSON, with its file path (kept out of the metadata file itself). */
    record BackupView(String file, String instance, String engine, String version, String createdAt, long bytes, long rawBytes,
                      String sha256) {
        static BackupView of(BackupInfo b) {
            return new BackupView(b.file().toString(), b.instance(), b.engine(), b.version(), b.createdAt().toString(),
                    b.bytes(), b.rawBytes(), b.sha256());
        }
    }

    @Command(name = "restore",
        footerHeading = "%nExamples:%n", footer = {"  dbdock restore app                    its newest backup (asks first)", "  dbdock restore app /tmp/app.sql.gz --yes", "  dbdock restore app-copy /tmp/app.sql.gz --new    a new instance from the file"},
        description = "Replace an instance's data with a backup (its newest when FILE is left out, or a "
            + "plain dump file of the same engine), or with --new make a new instance from it. The file is checked first; replaced data is kept aside until you remove it.")
    static final class Restore implements Callable<Integer> {
        private final CliContext ctx;

        // NAME is checked in call(): picocli would otherwise refuse `restore --help` for the missing NAME.
        @Parameters(index = "0", paramLabel = "NAME", arity = "0..1",
                description = "The instance to restore into (with --new: the name of the new instance)")
        String name;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Parameters(index = "1", paramLabel = "FILE", arity = "0..1",
                description = "A dbdock backup or a plain dump of the same engine (.gz or not); left out: the instance's newest backup")
        Path file;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
        boolean yes;
        @Option(names = "--new", description = "Create NAME as a new instance from the file (new port and password)")
        boolean asNew;
        @Option(names = "--engine", description = "With --new: the engine, for a plain dump that dbdock did not make")
        String engine;
        // --version is the engine version here, so the inherited -h/--help/-V/--version are not mixed in: help by hand.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
        boolean help;
        @Option(names = "--version", description = "With --new: the version (default: the backup's, else the engine's default)")
        String version;

        Restore(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            if (name == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'NAME'");
            }
            if (asNew && file == null) {
                throw io.dbdock.common.UserFacingException.invalid("--new needs the FILE to make the new instance from.");
            }
            if (asNew) {
                long started = System.currentTimeMillis();
                InstanceService.Created created;
                try {
                    created = ctx.service().restoreAsNew(file, name, engine, version, progress(ctx));
                } finally {
                    ctx.terminal().endProgress();
                }
                var r = created.snapshot().record();
                ctx.out().println("Created " + r.name() + " (" + r.engineWithVariant() + " " + r.version() + ") on port " + r.port() + " from "
                        + file.getFileName() + " in " + String.format(java.util.Locale.ROOT, "%.1f s",
                        (System.currentTimeMillis() - started) / 1000.0) + "; it is " + created.snapshot().state().label() + ".");
                return 0;
            }
            if (engine != null || version != null) {
                throw io.dbdock.common.UserFacingException.invalid("--engine and --version go with --new; an existing instance keeps its own.");
            }
            InstanceRecord r = ctx.service().find(name);
            if (file == null) {
                BackupInfo newest = ctx.service().backups(name).stream().findFirst().orElseThrow(() ->
                        io.dbdock.common.UserFacingException.notFound("'" + r.name() + "' has no backups yet. Give the FILE to restore "
                                + "from, or make a backup first with: dbdock backup " + r.name()));
                file = newest.file();
                ctx.terminal().err().println("The newest backup of " + r.name() + ": " + file.getFileName() + " ("
                        + Times.human(newest.createdAt()) + ")");
            }
            if (!yes && !ctx.terminal().confirm("Replace the data of '" + r.name() + "' with " + file.getFileName()
                    + "? Its current data is set aside, not deleted.")) {
                ctx.terminal().err().println("Nothing was changed.");
                return Cli.NOT_CONFIRMED;
            }
            long started = System.currentTimeMillis();
            InstanceService.Restored restored;
            try {
                restored = ctx.service().restore(name, file, progress(ctx));
            } finally {
                ctx.terminal().endProgress();
            }
            long millis = System.currentTimeMillis() - started;
            ctx.out().println("Restored " + r.name() + " from " + file + " in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0) + "; it is "
                    + restored.snapshot().state().label() + ".");
            ctx.out().println("Its data from before is kept at " + restored.previousData()
                    + "; remove it with: dbdock storage rm " + restored.previousData());
            return 0;
        }
    }

    @Command(name = "clone",
        footerHeading = "%nExamples:%n", footer = {"  dbdock clone app app-test"},
        description = "Create a new instance (new name, port and password) with a copy of another's data.")
    static final class Clone implements Callable<Integer> {
        private final CliContext ctx;

        @Parameters(index = "0", paramLabel = "SOURCE", description = "The instance to copy")
        String source;
        @Parameters(index = "1", paramLabel = "NEW_NAME", description = "The name of the copy")
        String newName;

        Clone(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            long started = System.currentTimeMillis();
            InstanceService.Created created;
            try {
                created = ctx.service().cloneInstance(source, newName, progress(ctx));
            } finally {
                ctx.terminal().endProgress();
            }
            var r = created.snapshot().record();
            created.notes().forEach(n -> ctx.terminal().err().println(n));
            ctx.out().println("Cloned " + source + " into " + r.name() + " on port " + r.port() + " in "
                    + String.format(java.util.Locale.ROOT, "%.1f s", (System.currentTimeMillis() - started) / 1000.0)
                    + "; it is " + created.snapshot().state().label() + ".");
            ctx.out().println("Connect with: dbdock url " + (r.name().contains(" ") ? "\"" + r.name() + "\"" : r.name()));
            return 0;
        }
    }
}
