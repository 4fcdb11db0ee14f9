package io.dbdock.cli;

import io.dbdock.app.EngineContexts;
import io.dbdock.common.Json;
import io.dbdock.model.EngineContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The docker CLI's contexts, each asked at once whether its engine answers. */
@Command(name = "contexts",
        footerHeading = "%nExamples:%n",
        footer = {"  dbdock contexts", "  docker context create box --docker \"host=tcp://box:2376,ca=ca.pem,cert=cert.pem,key=key.pem\""},
        description = {"List the Docker engines the docker CLI knows (its contexts), whether each answers, and its version.",
                "The one marked * is the one dbdock uses (--context, DOCKER_HOST, DOCKER_CONTEXT or `docker context use`)."})
final class ContextsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    ContextsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        List<EngineContext> contexts = EngineContexts.check(ctx.engineChoice());
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (EngineContext c : contexts) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("current", c.current());
                m.put("description", c.description());
                m.put("host", c.host());
                m.put("tls", c.tls());
                m.put("reachable", c.reachable());
                m.put("engine", c.engine());
                m.put("problem", c.problem());
                list.add(m);
            }
            ctx.out().println(Json.mapper().writeValueAsString(list));
            return 0;
        }
        Table t = new Table("NAME", "HOST", "TLS", "ENGINE", "DESCRIPTION");
        for (EngineContext c : contexts) {
            t.row(c.name() + (c.current() ? " *" : ""), c.host(), c.tls() ? "yes" : "-",
                    c.reachable() ? c.engine() : "not reachable", c.description());
        }
        t.print(ctx.out());
        for (EngineContext c : contexts) {
            if (!c.problem().isEmpty()) {
                ctx.terminal().err().println(c.name() + ": " + c.problem());
            }
        }
        return 0;
    }
}
