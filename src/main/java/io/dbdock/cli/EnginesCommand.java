package io.dbdock.cli;

import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.ImageResolver;
import io.dbdock.common.Json;
import io.dbdock.app.SettingsService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "engines",
        footerHeading = "%nExamples:%n", footer = {"  dbdock engines"},
        description = "List the engines and versions dbdock offers.")
final class EnginesCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--json", description = "Print JSON")
    boolean json;
    @Option(names = "--images", description = "Print only the image of every version, one per line")
    boolean images;

    EnginesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ImageResolver resolver = ImageResolver.fromEnvironment(SettingsService.load(ctx.root()).imageRepositories());
        List<EngineSpec> engines = ctx.catalog().all();
        if (images) {
            engines.forEach(e -> e.versions().forEach(v -> ctx.out().println(resolver.image(e, v))));
            return 0;
        }
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (EngineSpec e : engines) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id());
                m.put("name", e.displayName());
                m.put("versions", e.versions().stream().map(EngineVersion::version).toList());
                m.put("defaultVersion", e.defaultVersion());
                m.put("port", e.containerPort());
                m.put("image", resolver.repository(e));
                m.put("user", e.defaultUser());
                m.put("database", e.defaultDatabase());
                list.add(m);
            }
            ctx.out().println(Json.mapper().writeValueAsString(list));
            return 0;
        }
        Table t = new Table("ENGINE", "NAME", "VERSIONS", "DEFAULT", "PORT", "IMAGE");
        for (EngineSpec e : engines) {
            t.row(e.id(), e.displayName(), e.versions().stream().map(EngineVersion::version).collect(Collectors.joining(", ")),
                    e.defaultVersion(), e.containerPort(), resolver.repository(e));
        }
        t.print(ctx.out());
        return 0;
    }
}
