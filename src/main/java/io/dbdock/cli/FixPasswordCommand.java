package io.dbdock.cli;

import io.dbdock.instance.InstanceSnapshot;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "fix-password",
        footerHeading = "%nExamples:%n", footer = {"  dbdock fix-password app"},
        description = "Set the password inside the database to the one dbdock stores "
        + "(when its data was made with another password and every login is refused).")
final class FixPasswordCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance whose database refuses the stored password")
    String name;

    FixPasswordCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceSnapshot s = ctx.service().fixPassword(name);
        ctx.out().println("The database of " + s.record().name() + " now takes the stored password; it is " + s.state().label() + ".");
        return 0;
    }
}
