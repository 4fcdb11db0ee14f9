package io.dbdock.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbdock.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * dbdock's benchmark harness: each figure against a baseline measured in the same run. Prints one
 * line per figure ({@code NAME VALUE UNIT TARGET PASS|FAIL}) and writes results.json.
 *
 * <pre>
 * Bench [--full | --quick] [--only first-frame,create,variants,latency,scale,concurrent,backup,cli,project]
 * </pre>
 * --quick (the CI smoke) runs every part with few repetitions and few instances. Exit status 0
 * when every figure was measured (each line says whether it met its target), 2 for a wrong option,
 * 3 when the harness could not finish.
 * System properties: dbdock.jar (the shaded jar), bench.out (output folder).
 */
public final class Bench {
    static final List<String> PARTS = List.of("first-frame", "create", "variants", "latency", "scale", "concurrent", "backup", "cli", "project");

    /** How much of everything: the full run, or the quick smoke. */
    public record Sizes(boolean quick, int frameRuns, int createRuns, int latencyTrials, int scaleInstances, int idleSeconds,
                 int concurrentCreates, int backupMegabytes, int cliInstances, int cliRuns) {
        static final Sizes FULL = new Sizes(false, 5, 5, 20, 200, 60, 50, 1200, 10, 7);
        static final Sizes QUICK = new Sizes(true, 1, 1, 4, 10, 5, 5, 20, 4, 3);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.FULL;
        Set<String> only = new LinkedHashSet<>(PARTS);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> sizes = Sizes.QUICK;
                case "--full" -> sizes = Sizes.FULL;
                case "--only" -> {
                    if (i + 1 >= args.length) {
                        System.err.println("--only needs a list of parts: " + String.join(",", PARTS));
                        System.exit(2);
                    }
                    only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                }
                default -> {
                    System.err.println("Unknown option " + args[i] + ". Use --full, --quick, --only " + String.join(",", PARTS));
                    System.exit(2);
                }
            }
        }
        for (String part : only) {
            if (!PARTS.contains(part)) {
                System.err.println("Unknown part '" + part + "'. Parts are: " + String.join(",", PARTS));
                System.exit(2);
            }
        }
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("dbdock.jar", "target/dbdock.jar")).toAbsolutePath();
        List<Figure> figures;
        try {
            figures = run(sizes, only, out, jar);
        } catch (Exception | Error e) {
            System.err.println("The benchmark could not finish: " + e);
            e.printStackTrace();
            System.exit(3);
            return;
        }
        long passed = figures.stream().filter(Figure::pass).count();
        System.out.println("bench: " + passed + " of " + figures.size() + " figures meet their target; results in "
                + out.resolve("results.json"));
        // Exit 0 once every figure is measured, met or not: the lines say PASS or FAIL; 3 means the harness broke.
        System.exit(0);
    }

    /** Runs the chosen parts; every figure is printed as it is measured and results.json is rewritten. */
    public static List<Figure> run(Sizes sizes, Set<String> parts, Path out, Path jar) throws Exception {
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new IllegalArgumentException("Unknown part " + part + "; parts are " + PARTS);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn -DskipTests package");
        }
        Files.createDirectories(out);
        List<Figure> figures = new ArrayList<>();
        Instant started = Instant.now();
        for (String part : parts) {
            List<Figure> measured = switch (part) {
                case "first-frame" -> FirstFrame.run(out, jar, sizes.frameRuns());
                case "create" -> CreateToReady.run(out, sizes.createRuns());
                case "variants" -> VariantCreate.run(out, sizes.createRuns());
                case "latency" -> StateLatency.run(out, sizes.latencyTrials());
                case "scale" -> Scale.run(out, jar, sizes.scaleInstances(), sizes.idleSeconds());
                case "concurrent" -> ConcurrentCreates.run(out, sizes.concurrentCreates());
                case "backup" -> BackupThroughput.run(out, sizes.backupMegabytes());
                case "cli" -> CommandLineSpeed.run(out, jar, sizes.cliInstances(), sizes.cliRuns());
                case "project" -> ProjectUp.run(out, jar, sizes.createRuns());
                default -> throw new IllegalStateException(part);
            };
            for (Figure f : measured) {
                System.out.println(f.line());
                System.out.println("    " + f.note());
            }
            figures.addAll(measured);
            write(out.resolve("results.json"), sizes, started, figures);
        }
        return figures;
    }

    private static void write(Path file, Sizes sizes, Instant started, List<Figure> figures) throws Exception {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("started", started.toString());
        root.put("mode", sizes.quick() ? "quick" : "full");
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        ArrayNode list = root.putArray("figures");
        for (Figure f : figures) {
            ObjectNode n = list.addObject();
            n.put("name", f.name());
            n.put("value", f.value());
            n.put("unit", f.unit());
            n.put("target", f.target());
            n.put("pass", f.pass());
            n.put("note", f.note());
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
