package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import io.dbdock.common.Problem;
import io.dbdock.engine.Endpoint;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.common.Json;
import io.dbdock.model.StorageKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info",
        footerHeading = "%nExamples:%n", footer = {"  dbdock info app", "  dbdock info app --json"},
        description = "Show everything about one instance, including where its data lives.")
final class InfoCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance (its name, or the start of its id)")
    String name;
    @Option(names = "--json", description = "Print JSON")
    boolean json;

    InfoCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        InstanceService service = ctx.service();
        InstanceRecord r = service.find(name);
        InstanceSnapshot s;
        try {
            s = service.look().stream().filter(x -> x.record().id().equals(r.id())).findFirst().orElse(service.snapshot(r));
        } catch (UserFacingException e) {
            if (e.problem() != Problem.DOCKER_UNAVAILABLE) {
                throw e;
            }
            ctx.terminal().err().println("dbdock: " + e.getMessage());
            s = service.snapshot(r);
        }
        Endpoint endpoint = service.endpoint(r);
        if (json) {
            ctx.out().println(Json.mapper().writeValueAsString(InstanceView.of(s, endpoint.host())));
            return 0;
        }
        var engine = service.engine(r);
        Table t = new Table("", "");
        t.row("Name", r.name());
        t.row("ID", r.id());
        t.row("Engine", engine.fullName() + " " + r.version() + " (" + r.engineWithVariant() + ")");
        t.row("State", s.state().label() + (s.detail().isEmpty() ? "" : " - " + s.detail()));
        t.row("Address", endpoint.uriHost() + ":" + endpoint.port());
        if (service.reachedThroughTunnel(r)) {
            t.row("Reached through", TunnelCommand.whenOpen(r));
        }
        t.row("Published on", r.bindAddress() + ("127.0.0.1".equals(r.bindAddress()) ? " (this computer only)" : ""));
        t.row("User", r.user());
        t.row("Database", r.database());
        t.row("Password file", Path.of(r.home()).resolve("password") + "  (`dbdock url " + r.name() + "` prints it in a URI)");
        t.row("Storage", r.storage() == StorageKind.FOLDER ? "folder " + r.storageLocation()
                : "Docker volume " + r.storageLocation());
        t.row("Container", r.containerName());
        t.row("Image", service.image(r));
        t.row("Created", io.dbdock.common.Times.human(r.createdAt()));
        t.row("Auto-start", r.autoStart() ? "yes" : "no");
        if (r.project() != null) {
            t.row("Project", r.project().project() + " (database \"" + r.project().database() + "\" of "
                    + Path.of(r.project().folder()).resolve("dbdock.json") + ")");
            if (r.project().initProblem() != null) {
                t.row("Init file", r.project().initProblem());
            }
        }
        t.row("URI", service.connectionWithoutPassword(r).uri());
        t.row("Shell", String.join(" ", service.shellCommand(r)));
        t.print(ctx.out());
        return 0;
    }
}
