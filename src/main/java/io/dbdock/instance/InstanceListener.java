package io.dbdock.instance;

import java.util.UUID;

/** Observes the instance service. Called on a background thread: UIs hop to their own thread. */
public interface InstanceListener {
    void instanceChanged(InstanceSnapshot snapshot);

    void instanceRemoved(UUID id);

    /** Something the user should read once (the instance list was repaired, say). */
    default void notice(String text) {
    }

    /** Docker became reachable or unreachable. */
    default void dockerChanged(DockerStatus status) {
    }

    /** Another engine the app follows (a docker context beside its own) became reachable or unreachable. */
    default void engineChanged(String context, DockerStatus status) {
    }
}
