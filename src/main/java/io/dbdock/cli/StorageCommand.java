package io.dbdock.cli;

import io.dbdock.common.Sizes;
import io.dbdock.common.UserFacingException;
import io.dbdock.model.StorageEntry;
import io.dbdock.common.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "storage",
        footerHeading = "%nExamples:%n", footer = {"  dbdock storage list", "  dbdock storage rm --orphans"},
        description = "See and remove the storage dbdock manages (instance data, data set aside, backups).",
        subcommands = {StorageCommand.ListStorage.class, StorageCommand.Remove.class})
final class StorageCommand implements Callable<Integer> {
    private final CliContext ctx;

    StorageCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return new ListStorage(ctx).call();
    }

    static String size(StorageEntry e) {
        return e.bytes() < 0 ? "?" : Sizes.bytes(e.bytes());
    }

    @Command(name = "list",
        footerHeading = "%nExamples:%n", footer = {"  dbdock storage list", "  dbdock storage list --json"},
        aliases = "ls", description = "List every storage with its size, owner and state.")
    static final class ListStorage implements Callable<Integer> {
        private final CliContext ctx;

        @Option(names = "--json", description = "Print JSON")
        boolean json;

        ListStorage(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<StorageEntry> entries = ctx.service().storage();
            if (json) {
                try {
                    ctx.out().println(Json.mapper().writeValueAsString(entries));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return 0;
            }
            if (entries.isEmpty()) {
                ctx.out().println("dbdock manages no storage yet.");
                return 0;
            }
            Table table = new Table("NAME", "KIND", "SIZE", "INSTANCE", "STATE", "ENGINE");
            long total = 0;
            for (StorageEntry e : entries) {
                total += Math.max(0, e.bytes());
                table.row(e.name(), e.kind().label(), size(e), e.instance() == null ? "-" : e.instance(),
                        e.role().label() + (e.running() ? ", running" : ""),
                        e.engine() == null ? "-" : e.engine() + (e.version() == null ? "" : " " + e.version()));
            }
            table.print(ctx.out());
            ctx.out().println("Total: " + Sizes.bytes(total) + " in " + entries.size() + (entries.size() == 1 ? " place." : " places."));
            return 0;
        }
    }

    @Command(name = "rm",
        footerHeading = "%nExamples:%n", footer = {"  dbdock storage rm instances/old-app/data", "  dbdock storage rm --orphans --yes"},
        description = "Remove storage dbdock no longer uses (asks first). Refused while a running instance uses it.")
    static final class Remove implements Callable<Integer> {
        private final CliContext ctx;

        @ArgGroup(multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "NAME", description = "A name from `dbdock storage list`")
            String name;
            @Option(names = "--orphans", description = "Every orphaned storage (data kept from deleted instances)")
            boolean orphans;
        }

        @Option(names = {"-f", "--force", "-y", "--yes"}, description = "Do not ask for confirmation (a running instance's storage is still refused)")
        boolean force;

        Remove(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            List<StorageEntry> chosen;
            if (target.orphans) {
                chosen = ctx.service().storage().stream().filter(e -> e.role() == StorageEntry.Role.ORPHANED).toList();
                if (chosen.isEmpty()) {
                    ctx.out().println("There is no orphaned storage.");
                    return 0;
                }
            } else {
                chosen = ctx.service().storage().stream()
                        .filter(e -> e.name().equals(target.name) || e.location().equals(target.name)).toList();
                if (chosen.isEmpty()) {
                    throw UserFacingException.notFound("dbdock manages no storage named '" + target.name + "'. See: dbdock storage list");
                }
            }
            long total = chosen.stream().mapToLong(e -> Math.max(0, e.bytes())).sum();
            if (!force) {
                chosen.forEach(e -> ctx.out().println("  " + e.name() + "  " + size(e) + "  " + e.role().label()
                        + (e.instance() == null ? "" : " (" + e.instance() + ")")));
                if (!ctx.terminal().confirm("Remove " + (chosen.size() == 1 ? "this" : "these " + chosen.size())
                        + " (" + Sizes.bytes(total) + ")? This cannot be undone.")) {
                    ctx.terminal().err().println("Nothing was removed.");
                    return Cli.NOT_CONFIRMED;
                }
            }
            for (StorageEntry e : chosen) {
                ctx.service().removeStorage(e);
                ctx.out().println("Removed " + e.name() + " (" + size(e) + ").");
            }
            return 0;
        }
    }
}
