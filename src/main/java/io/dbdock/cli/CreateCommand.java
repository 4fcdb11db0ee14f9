package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.StorageKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create",
        footerHeading = "%nExamples:%n", footer = {"  dbdock create --engine postgres", "  dbdock create --engine mysql --version 8.4 --name shop-db --port 3307", "  dbdock create --engine redis --storage volume --json", "  dbdock create --engine postgres --variant pgvector"},
        description = "Create and start a new database instance.")
final class CreateCommand implements Callable<Integer> {
    private final CliContext ctx;

    // Checked in call(), not by picocli: a required option would keep `create --help` from showing the help.
    @Option(names = "--engine", paramLabel = "ENGINE", description = "postgres, mysql, mariadb, mongo, redis or valkey (required)")
    String engine;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;
    // --version is the engine version here, so the inherited -h/--help/-V/--version are not mixed in: help by hand.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;
    @Option(names = "--variant", paramLabel = "VARIANT", description = "PostgreSQL with extensions built in: pgvector, postgis or timescaledb (see `dbdock engines`)")
    String variant;
    @Option(names = "--version", paramLabel = "VERSION", description = "Engine version (default: the engine's newest stable one; see `dbdock engines`)")
    String version;
    @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the engine's name, numbered if taken)")
    String name;
    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class, description = "Host port (default: the engine's usual port, or the next free one)")
    Integer port;
    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Host address to publish on (default: 127.0.0.1, this computer only; 0.0.0.0 exposes it to your network)")
    String bind;
    @Option(names = "--password-stdin", description = "Read the password from standard input instead of generating one")
    boolean passwordStdin;
    @Option(names = "--storage", paramLabel = "KIND", description = "folder (default on Linux) or volume (default on macOS and Windows)")
    String storage;
    @Option(names = "--no-wait", description = "Return once the container starts, without waiting until it is Ready (a --variant waits: its extensions are created once Ready)")
    boolean noWait;
    @Option(names = "--json", description = "Print the result as JSON")
    boolean json;

    CreateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (engine == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--engine=ENGINE'");
        }
        StorageKind kind = storage == null ? null : StorageOption.parse(storage);
        String password = passwordStdin ? ctx.terminal().readSecretFromStdin() : null;
        CreateRequest request = new CreateRequest(engine, version, name, port, bind, password, kind, !noWait).withVariant(variant);
        InstanceService service = ctx.service();
        InstanceService.Created created = service.create(request, this::showProgress);
        ctx.terminal().endProgress();
        InstanceSnapshot s = created.snapshot();
        created.notes().forEach(n -> ctx.terminal().err().println(n));
        if (json) {
            ctx.out().println(io.dbdock.common.Json.mapper().writeValueAsString(
                    InstanceView.of(s, service.endpoint(s.record()).host())));
        } else {
            var endpoint = service.endpoint(s.record());
            String where = endpoint.uriHost() + ":" + endpoint.port();
            ctx.out().println("Created " + s.name() + " (" + s.record().engineWithVariant() + " " + s.record().version() + ") on " + where
                    + (s.state() == InstanceState.READY ? ": Ready" : ""));
            ctx.out().println("Connect: " + service.connection(s.record()).uri());
            if (service.reachedThroughTunnel(s.record())) {
                ctx.out().println(TunnelCommand.whenOpen(s.record()));
            }
            if ("0.0.0.0".equals(s.record().bindAddress()) || "::".equals(s.record().bindAddress())) {
                ctx.terminal().err().println("Warning: this database is reachable from other machines on your network.");
            }
        }
        if (s.state() == InstanceState.READY || (noWait && s.state() == InstanceState.STARTING)) {
            return 0;
        }
        String detail = s.detail().isEmpty() || s.detail().endsWith(".") ? s.detail() : s.detail() + ".";
        ctx.terminal().err().println("dbdock: '" + s.name() + "' was created but is " + s.state().label() + ": "
                + detail + " See `dbdock logs " + s.name() + "`.");
        return Problem.NOT_READY.exitCode();
    }

    private void showProgress(InstanceSnapshot s) {
        String line = switch (s.state()) {
            case PULLING -> "Pulling " + s.detail() + " " + Math.max(0, s.progress()) + "%";
            default -> s.state().label() + " " + s.name() + "...";
        };
        ctx.terminal().progress(line);
    }
}
