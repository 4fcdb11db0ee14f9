package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.Endpoint;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tunnel",
        footerHeading = "%nExamples:%n", footer = {"  dbdock --context box tunnel app", "  dbdock tunnel app"},
        description = {"Keep the tunnel to an instance on a Docker engine reached over SSH open, and print where to connect "
                + "on this computer; runs until Ctrl+C. A lost connection is made again by itself.",
                "The window keeps these tunnels open while it runs; this is for the command line alone."})
final class TunnelCommand implements Callable<Integer> {
    /** How often the connection is checked, and tried again once lost. */
    private static final Duration CHECK = Duration.ofSeconds(3);
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to reach")
    String name;

    TunnelCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** For create and info: the address works while a tunnel is open, and which ones keep it. */
    static String whenOpen(InstanceRecord r) {
        return "An SSH tunnel: open while dbdock's window runs, or keep one open with `dbdock tunnel " + RemedyHint.shellWord(r.name()) + "`.";
    }

    @Override
    public Integer call() throws InterruptedException {
        InstanceService service = ctx.service();
        InstanceRecord r = service.find(name);
        Optional<Endpoint> open = service.tunnel(r);
        if (open.isEmpty()) {
            Endpoint here = service.endpoint(r);
            ctx.out().println(r.name() + " is published on this computer (" + here.uriHost() + ":" + here.port()
                    + "); it needs no tunnel.");
            return 0;
        }
        String where = r.place() != null ? r.place().describe() : "the remote engine";
        ctx.out().println("Tunnel open: 127.0.0.1:" + open.get().port() + " -> " + r.name() + " on " + where + ". Ctrl+C closes it.");
        ctx.out().flush();
        int port = open.get().port();
        boolean lost = false;
        while (true) {
            Thread.sleep(CHECK.toMillis());
            try {
                int now = service.tunnel(r).map(Endpoint::port).orElse(port);
                if (lost || now != port) {
                    ctx.out().println("Connected again: 127.0.0.1:" + now + " -> " + r.name() + ".");
                    ctx.out().flush();
                }
                port = now;
                lost = false;
            } catch (UserFacingException e) {
                if (e.problem() != Problem.DOCKER_UNAVAILABLE) {
                    throw e;
                }
                if (!lost) {
                    ctx.terminal().err().println("dbdock: lost the connection to " + where + " (" + e.getMessage()
                            + "); trying again every " + CHECK.toSeconds() + " s.");
                    ctx.terminal().err().flush();
                }
                lost = true;
            }
        }
    }
}
