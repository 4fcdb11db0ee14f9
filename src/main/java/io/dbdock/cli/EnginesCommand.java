package io.dbdock.cli;

import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVariant;
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
        description = "List the engines, versions and variants dbdock offers.")
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
            // Variants of one image (TimescaleDB, with pgvector chosen too or not) list it once.
            java.util.Set<String> listed = new java.util.LinkedHashSet<>();
            for (EngineSpec e : engines) {
                e.versions().forEach(v -> listed.add(resolver.image(e, v)));
                e.variantSpecs().forEach(withVariant -> withVariant.versions().forEach(v -> listed.add(resolver.image(withVariant, v))));
            }
            listed.forEach(ctx.out()::println);
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
                List<Map<String, Object>> variants = new ArrayList<>();
                for (EngineSpec withVariant : e.variantSpecs()) {
                    EngineVariant variant = withVariant.variant();
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("id", variant.id());
                    v.put("name", variant.displayName());
                    v.put("purpose", variant.purpose());
                    v.put("versions", withVariant.versions().stream().map(EngineVersion::version).toList());
                    v.put("defaultVersion", withVariant.defaultVersion());
                    v.put("image", resolver.repository(withVariant));
                    v.put("extensions", variant.enable());
                    variants.add(v);
                }
                m.put("variants", variants);
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
        List<EngineSpec> variants = engines.stream().flatMap(e -> e.variantSpecs().stream()).toList();
        Table v = new Table("VARIANT", "ENGINE", "VERSIONS", "IMAGE", "FOR");
        for (EngineSpec withVariant : variants) {
            v.row(String.join(",", withVariant.variant().choices()), withVariant.id(),
                    withVariant.versions().stream().map(EngineVersion::version).collect(Collectors.joining(", ")),
                    resolver.repository(withVariant), withVariant.variant().purpose());
        }
        if (!variants.isEmpty()) {
            ctx.out().println();
            v.print(ctx.out());
            ctx.out().println();
            ctx.out().println("Create one with: dbdock create --engine postgres --variant pgvector");
        }
        return 0;
    }
}
