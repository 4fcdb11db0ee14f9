package io.dbdock.cli;

import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.model.InstanceRecord;
import java.time.Instant;

/**
 * One instance as `list --json` and `info --json` print it (never the password). {@code context}: the
 * docker context (or DOCKER_HOST address) of the engine it lives on; null until dbdock has seen its container.
 */
record InstanceView(String id, String name, String engine, String version, String state, String detail,
                    String host, int port, String bindAddress, String storage, String storageLocation,
                    String container, String user, String database, Instant createdAt, boolean autoStart,
                    String project, String projectDatabase, String variant, String context) {

    static InstanceView of(InstanceSnapshot s, String host) {
        InstanceRecord r = s.record();
        return new InstanceView(r.id().toString(), r.name(), r.engine(), r.version(), s.state().name().toLowerCase(java.util.Locale.ROOT), s.detail(),
                host, r.port(), r.bindAddress(), r.storage().id(), r.storageLocation(), r.containerName(), r.user(),
                r.database(), r.createdAt(), r.autoStart(), r.project() == null ? null : r.project().project(),
                r.project() == null ? null : r.project().database(), r.variant(), r.place() == null ? null : r.place().context());
    }
}
