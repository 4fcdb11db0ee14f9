package io.dbdock.cli;

import io.dbdock.model.DockerInfo;
import io.dbdock.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status",
        footerHeading = "%nExamples:%n", footer = {"  dbdock status"},
        description = "Show which Docker engine dbdock uses and where it keeps data.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        DockerInfo info = ctx.service().dockerInfo();
        int instances = ctx.service().snapshots().size();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("dbdockVersion", VersionProvider.version());
        status.put("dockerEndpoint", info.endpoint());
        status.put("foundVia", info.source());
        status.put("dockerVersion", info.serverVersion());
        status.put("apiVersion", info.apiVersion());
        status.put("dataRoot", ctx.root().path().toString());
        status.put("instances", instances);
        if (json) {
            ctx.out().println(Json.mapper().writeValueAsString(status));
            return 0;
        }
        Table t = new Table("", "");
        t.row("dbdock", VersionProvider.version());
        t.row("Docker", info.serverVersion() + " (API " + info.apiVersion() + ", " + info.os() + ")");
        t.row("Endpoint", info.endpoint() + " (found via " + info.source() + ")");
        t.row("Data", ctx.root().path());
        t.row("Logs", ctx.root().logsDir().resolve("dbdock.log"));
        t.row("Instances", instances);
        t.print(ctx.out());
        return 0;
    }
}
