package io.dbdock.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.store.StorageKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Named, labelled Docker volumes as storage: kept on delete, reused, removed with the data. */
@RequiresDocker
class VolumeStorageIT {
    @RegisterExtension
    final TestInstances t = new TestInstances();

    @ParameterizedTest
    @ValueSource(strings = {"redis", "postgres"})
    void volumeLifecycle(String engineId) throws Exception {
        String name = t.name("vol-" + engineId);
        InstanceSnapshot s = t.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.VOLUME));
        assertEquals(InstanceState.READY, s.state(), s.detail());
        String volume = s.record().storageLocation();
        Map<String, String> labels = t.docker.volumeLabels(volume);
        assertEquals("true", labels.get("io.dbdock.managed"));
        assertEquals(s.record().id().toString(), labels.get("io.dbdock.instance"));
        EngineSpec engine = t.service.engine(s.record());
        DataClient.write(engine, t.service.endpoint(s.record()), "in-volume");

        t.service.delete(name, false);
        assertTrue(t.docker.volumeExists(volume), "volume kept");

        InstanceSnapshot again = t.create(CreateRequest.of(engineId).withName(name).withStorage(StorageKind.VOLUME));
        assertEquals(InstanceState.READY, again.state(), again.detail());
        assertEquals(List.of("in-volume"), DataClient.read(engine, t.service.endpoint(again.record())));

        t.service.delete(name, true);
        assertTrue(!t.docker.volumeExists(volume), "volume removed with the data");
    }
}
