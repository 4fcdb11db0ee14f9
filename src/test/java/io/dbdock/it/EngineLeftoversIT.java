package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other integration test (with the log audit, see pom.xml): the suite, which
 * deletes what it creates, left nothing on the engine that was not there before it. Above all no
 * dangling volume (Docker makes an anonymous one for every image VOLUME a container does not mount
 * over; a container removed without its volumes leaves it behind, and a user's disk fills up the
 * same way), and no container, volume or network without dbdock's label that a test or dbdock made.
 */
@RequiresDocker
class EngineLeftoversIT {
    @Test
    void theSuiteLeftNoVolumeContainerOrNetworkBehind() throws Exception {
        Requirements.requireDocker();
        if (!Files.exists(EngineObjects.BASELINE)) {
            Assumptions.abort("ENGINE LEFTOVERS SKIPPED: no baseline (EngineBaselineIT did not run first)");
        }
        EngineObjects before = EngineObjects.load();
        EngineObjects after = EngineObjects.now();
        List<String> left = new ArrayList<>();
        for (String v : added(before.dangling(), after.dangling())) {
            left.add("dangling volume " + v + " (created " + Docker.run("volume", "inspect", "-f", "{{.CreatedAt}}", v) + ")");
        }
        added(before.volumes(), after.volumes()).stream().filter(v -> !after.dangling().contains(v.split(" ")[0]))
                .forEach(v -> left.add("volume " + v));
        added(before.containers(), after.containers()).forEach(c -> left.add("container " + c));
        added(before.networks(), after.networks()).forEach(n -> left.add("network " + n));
        System.out.printf("ENGINE LEFTOVERS: %d volumes (%d dangling), %d containers, %d networks after the suite; %d new%n",
                after.volumes().size(), after.dangling().size(), after.containers().size(), after.networks().size(), left.size());
        assertEquals(List.of(), left, "the suite left these on the engine");
    }

    private static List<String> added(Set<String> before, Set<String> after) {
        return after.stream().filter(x -> !before.contains(x)).toList();
    }
}
