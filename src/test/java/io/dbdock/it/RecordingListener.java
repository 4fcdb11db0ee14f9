package io.dbdock.it;

import io.dbdock.instance.DockerStatus;
import io.dbdock.instance.InstanceListener;
import io.dbdock.instance.InstanceSnapshot;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the latest snapshot of every instance and the latest Docker status the service published. */
final class RecordingListener implements InstanceListener {
    final Map<UUID, InstanceSnapshot> seen = new ConcurrentHashMap<>();
    final AtomicReference<DockerStatus> docker = new AtomicReference<>();

    @Override
    public void instanceChanged(InstanceSnapshot snapshot) {
        seen.put(snapshot.record().id(), snapshot);
    }

    @Override
    public void instanceRemoved(UUID id) {
        seen.remove(id);
    }

    @Override
    public void dockerChanged(DockerStatus status) {
        docker.set(status);
    }
}
