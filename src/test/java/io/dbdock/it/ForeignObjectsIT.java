package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceState;
import io.dbdock.instance.StateMonitor;
import io.dbdock.model.StorageKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers and volumes dbdock did not make (no io.dbdock labels) are never listed, changed or
 * removed, even when their names look exactly like an instance's: through create, reconcile,
 * start, stop and delete (with its data).
 */
@RequiresDocker
class ForeignObjectsIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    private static String foreignContainer(String name) throws Exception {
        return Docker.run("run", "-d", "--name", name, Requirements.IMAGE_PREFIX + "redis:8");
    }

    private static void assertUntouched(String container, String startedAt) throws Exception {
        assertEquals("true " + startedAt, Docker.run("inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", container),
                container + " still runs, never restarted");
        assertEquals("", Docker.run("inspect", "-f", "{{index .Config.Labels \"io.dbdock.managed\"}}", container));
    }

    private static String startedAt(String container) throws Exception {
        return Docker.run("inspect", "-f", "{{.State.StartedAt}}", container);
    }

    @Test
    void lookalikeContainersAndVolumesAreLeftAlone() throws Exception {
        String clash = t.name("clash");
        String mine = t.name("mine");
        String clashContainer = "dbdock-" + clash;
        String volume = "dbdock-" + t.name("vol");
        List<String> cleanup = List.of(clashContainer, "dbdock-" + mine);
        try {
            foreignContainer(clashContainer);
            Docker.run("volume", "create", volume);
            String clashStarted = startedAt(clashContainer);

            // Creating an instance whose container name is taken by a foreign one: refused, nothing made.
            UserFacingException refused = assertThrows(UserFacingException.class, () -> t.create(CreateRequest.of("redis").withName(clash)));
            assertEquals(Problem.CONFLICT, refused.problem());
            assertTrue(refused.getMessage().contains(clashContainer), refused.getMessage());
            assertTrue(t.service.snapshots().stream().noneMatch(s -> s.name().equals(clash)), "no record is left behind");
            // A volume with an instance's volume name but no labels is refused too.
            UserFacingException volumeRefused = assertThrows(UserFacingException.class,
                    () -> t.create(CreateRequest.of("redis").withName(t.name("vol")).withStorage(StorageKind.VOLUME)));
            assertTrue(volumeRefused.getMessage().contains("not made by dbdock"), volumeRefused.getMessage());

            // An instance whose container someone replaced with their own under the same name.
            t.create(CreateRequest.of("redis").withName(mine));
            Docker.run("rm", "-f", "dbdock-" + mine);
            foreignContainer("dbdock-" + mine);
            String mineStarted = startedAt("dbdock-" + mine);
            assertEquals(InstanceState.MISSING, t.service.refresh(true).stream().filter(s -> s.name().equals(mine))
                    .findFirst().orElseThrow().state(), "the foreign container is not taken for the instance's");
            try (StateMonitor monitor = new StateMonitor(t.service, t.docker)) {
                monitor.reconcile();
            }
            UserFacingException startRefused = assertThrows(UserFacingException.class, () -> t.service.start(mine, false));
            assertEquals(Problem.CONFLICT, startRefused.problem(), startRefused.getMessage());
            t.service.stop(mine);
            t.service.delete(mine, true);
            assertTrue(t.service.snapshots().stream().noneMatch(s -> s.name().equals(mine)), "the instance itself is deleted");

            assertUntouched(clashContainer, clashStarted);
            assertUntouched("dbdock-" + mine, mineStarted);
            assertEquals(volume, Docker.run("volume", "inspect", "-f", "{{.Name}}", volume), "the foreign volume is still there");
        } finally {
            for (String c : cleanup) {
                new ProcessBuilder("docker", "rm", "-f", "-v", c).start().waitFor();
            }
            new ProcessBuilder("docker", "volume", "rm", "-f", volume).start().waitFor();
        }
    }
}
