package io.dbdock.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What is on the test engine, as the docker CLI lists it: every volume (and which are dangling,
 * used by no container), every container and network, each with dbdock's managed label or not.
 * {@link EngineBaselineIT} writes it down before the suite; {@link EngineLeftoversIT} compares after it.
 */
record EngineObjects(Set<String> volumes, Set<String> dangling, Set<String> containers, Set<String> networks) {
    static final Path BASELINE = Path.of("target", "engine-baseline.txt");

    /** One line per object: "volume NAME managed|unlabelled", "dangling NAME", "container NAME ...", "network NAME ...". */
    static EngineObjects now() throws Exception {
        return new EngineObjects(
                lines(Docker.run("volume", "ls", "--format", "{{.Name}} {{if .Label \"io.dbdock.managed\"}}managed{{else}}unlabelled{{end}}")),
                lines(Docker.run("volume", "ls", "-q", "--filter", "dangling=true")),
                lines(Docker.run("ps", "-a", "--format", "{{.Names}} {{if .Label \"io.dbdock.managed\"}}managed{{else}}unlabelled{{end}} {{.Image}}")),
                lines(Docker.run("network", "ls", "--format", "{{.Name}} {{if .Label \"io.dbdock.managed\"}}managed{{else}}unlabelled{{end}}")));
    }

    private static Set<String> lines(String text) {
        Set<String> set = new LinkedHashSet<>();
        text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(set::add);
        return set;
    }

    void save() throws Exception {
        List<String> out = new ArrayList<>();
        volumes.forEach(v -> out.add("volume\t" + v));
        dangling.forEach(v -> out.add("dangling\t" + v));
        containers.forEach(c -> out.add("container\t" + c));
        networks.forEach(n -> out.add("network\t" + n));
        Files.createDirectories(BASELINE.getParent());
        Files.write(BASELINE, out);
    }

    static EngineObjects load() throws Exception {
        EngineObjects o = new EngineObjects(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        for (String line : Files.readAllLines(BASELINE)) {
            String[] kv = line.split("\t", 2);
            switch (kv[0]) {
                case "volume" -> o.volumes.add(kv[1]);
                case "dangling" -> o.dangling.add(kv[1]);
                case "container" -> o.containers.add(kv[1]);
                case "network" -> o.networks.add(kv[1]);
                default -> throw new IllegalStateException("unreadable baseline line: " + line);
            }
        }
        return o;
    }
}
