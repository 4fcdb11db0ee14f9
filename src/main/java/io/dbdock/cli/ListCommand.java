package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import io.dbdock.common.Problem;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InputRules;
import io.dbdock.common.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list",
        footerHeading = "%nExamples:%n", footer = {"  dbdock list", "  dbdock list --json"},
        aliases = "ls", description = "List instances with their live state.")
final class ListCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    ListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        InstanceService service = ctx.service();
        service.storeNotice().ifPresent(n -> ctx.terminal().err().println(n));
        List<InstanceSnapshot> snapshots;
        boolean dockerDown = false;
        try {
            snapshots = service.look();
        } catch (UserFacingException e) {
            if (e.problem() != Problem.DOCKER_UNAVAILABLE) {
                throw e;
            }
            // Still show what dbdock knows; the states are unknown.
            ctx.terminal().err().println("dbdock: " + e.getMessage());
            snapshots = service.snapshots();
            dockerDown = true;
        }
        if (json) {
            List<InstanceView> views = new ArrayList<>();
            snapshots.forEach(s -> views.add(InstanceView.of(s, InputRules.clientHost(s.record().bindAddress()))));
            ctx.out().println(Json.mapper().writeValueAsString(views));
        } else if (snapshots.isEmpty()) {
            ctx.out().println("No instances yet. Create one with: dbdock create --engine postgres");
        } else {
            // Where each lives, once instances of more than one engine are listed (most people have one).
            boolean places = snapshots.stream().map(s -> s.record().place()).filter(java.util.Objects::nonNull)
                    .map(p -> p.context()).distinct().count() > 1;
            Table table = places ? new Table("NAME", "ENGINE", "VERSION", "STATE", "ADDRESS", "STORAGE", "CONTEXT")
                    : new Table("NAME", "ENGINE", "VERSION", "STATE", "ADDRESS", "STORAGE");
            for (InstanceSnapshot s : snapshots) {
                var r = s.record();
                String address = service.address(r)
                        + ("0.0.0.0".equals(r.bindAddress()) ? " (all networks)" : "");
                if (places) {
                    table.row(r.name(), r.engineWithVariant(), r.version(), s.state().label(), address, r.storage().id(),
                            r.place() == null ? "-" : r.place().context());
                } else {
                    table.row(r.name(), r.engineWithVariant(), r.version(), s.state().label(), address, r.storage().id());
                }
            }
            table.print(ctx.out());
        }
        return dockerDown ? io.dbdock.common.Problem.DOCKER_UNAVAILABLE.exitCode() : 0;
    }
}
