package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerConnection;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.ImageResolver;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A create that cannot finish leaves nothing behind; kept data is never taken by the wrong instance. */
@RequiresDocker
class CreateFailuresIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @Test
    void aFailedPullRollsEverythingBack() {
        // Nothing listens on port 1: the pull fails at once.
        InstanceService service = new InstanceService(EngineCatalog.standard(), new InstanceStore(t.root), Settings.defaults(),
                DockerConnection.toDiscoveredEngine(), t.root, new ImageResolver(Map.of("redis", "127.0.0.1:1/none/redis"), ""));
        String name = t.name("nopull");
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> service.create(CreateRequest.of("redis").withName(name).withStorage(StorageKind.VOLUME), s -> { }));
        assertEquals(Problem.FAILED, e.problem());
        assertTrue(e.getMessage().startsWith("Could not download the image 127.0.0.1:1/none/redis:8"), e.getMessage());
        assertTrue(service.snapshots().isEmpty(), "no record is left");
        assertFalse(Files.exists(t.root.instancesDir().resolve(name.toLowerCase())), "no instance folder is left");
        assertFalse(t.docker.volumeExists("dbdock-" + name.toLowerCase()), "no volume is left");
        assertTrue(t.docker.inspect("dbdock-" + name.toLowerCase()).isEmpty(), "no container is left");
    }

    @Test
    void keptDataIsRefusedToAnotherEngineOrVersionAndKeepsItsPassword() {
        String name = t.name("kept");
        t.create(CreateRequest.of("redis").withName(name).withVersion("8"));
        String password = t.service.password(t.record(name));
        t.service.delete(name, false);

        UserFacingException otherVersion = assertThrows(UserFacingException.class,
                () -> t.create(CreateRequest.of("redis").withName(name).withVersion("7.4")));
        assertEquals(Problem.CONFLICT, otherVersion.problem());
        assertTrue(otherVersion.getMessage().contains("cannot switch major version in place"), otherVersion.getMessage());

        UserFacingException otherEngine = assertThrows(UserFacingException.class,
                () -> t.create(CreateRequest.of("postgres").withName(name)));
        assertTrue(otherEngine.getMessage().contains("redis 8"), otherEngine.getMessage());

        UserFacingException otherPassword = assertThrows(UserFacingException.class,
                () -> t.create(CreateRequest.of("redis").withName(name).withPassword("another one")));
        assertTrue(otherPassword.getMessage().contains("keeps its own password"), otherPassword.getMessage());
        assertTrue(t.service.snapshots().isEmpty(), "refusals change nothing");

        t.create(CreateRequest.of("redis").withName(name).withVersion("8"));
        assertEquals(password, t.service.password(t.record(name)));
    }
}
