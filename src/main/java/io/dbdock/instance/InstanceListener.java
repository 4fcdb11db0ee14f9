package io.dbdock.instance;

import java.util.UUID;

/** Observes the instance service. Called on a background thread: UIs hop to their own thread. */
public interface InstanceListener {
    void instanceChanged(InstanceSnapshot snapshot);

    void instanceRemoved(UUID id);

    /** Docker became reachable or unreachable. */
    default void dockerChanged(DockerStatus status) {
    }
}
