package io.dbdock.cli;

import io.dbdock.model.InstanceRecord;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm",
        footerHeading = "%nExamples:%n", footer = {"  dbdock rm app                      data kept (the next app takes it back)", "  dbdock rm app --delete-data --yes"},
        aliases = "delete", description = "Delete an instance. Its data is kept unless --delete-data is given.")
final class RmCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to delete")
    String name;
    @Option(names = "--delete-data", description = "Also delete the instance's data folder or volume (cannot be undone)")
    boolean deleteData;
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
    boolean yes;

    RmCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceRecord r = ctx.service().find(name);
        if (!yes) {
            String question = deleteData
                    ? "Delete '" + r.name() + "' AND its data at " + r.storageLocation() + "? This cannot be undone."
                    : "Delete '" + r.name() + "'? Its data stays at " + r.storageLocation() + ".";
            if (!ctx.terminal().confirm(question)) {
                ctx.terminal().err().println("Nothing was deleted.");
                return Cli.NOT_CONFIRMED;
            }
        }
        Optional<String> kept = ctx.service().delete(r.name(), deleteData);
        if (kept.isPresent()) {
            ctx.out().println("Deleted " + r.name() + ". Its data is kept at " + kept.get()
                    + "; create an instance named '" + r.name() + "' with the same engine and version to use it again.");
        } else {
            ctx.out().println("Deleted " + r.name() + " and its data.");
        }
        return 0;
    }
}
