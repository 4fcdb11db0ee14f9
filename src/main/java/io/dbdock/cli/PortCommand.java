package io.dbdock.cli;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.model.InstanceRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "port",
        footerHeading = "%nExamples:%n", footer = {"  dbdock port app", "  dbdock port app --reassign", "  dbdock port app --reassign --to 5433"},
        description = "Show an instance's port, or give it a new one with --reassign.")
final class PortCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance (without --reassign: prints its port)")
    String name;
    @Option(names = "--reassign", description = "Move the instance to a free port (its container is recreated on the same data)")
    boolean reassign;
    @Option(names = "--to", paramLabel = "PORT", converter = PortConverter.class, description = "With --reassign: this port instead of the next free one")
    Integer to;

    PortCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!reassign) {
            if (to != null) {
                throw io.dbdock.common.UserFacingException.invalid("--to goes with --reassign.");
            }
            InstanceRecord r = ctx.service().find(name);
            ctx.out().println(r.port());
            return 0;
        }
        int old = ctx.service().find(name).port();
        InstanceSnapshot s = ctx.service().reassignPort(name, to, true);
        ctx.out().println(s.name() + ": port " + old + " -> " + s.record().port() + " (" + s.state().label() + ")");
        return 0;
    }
}
