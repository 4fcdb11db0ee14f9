package io.dbdock.probe;

import io.dbdock.engine.ProbeKind;

/** The readiness probe for each probe kind named in the engine catalog. */
public final class Probes {
    private Probes() {
    }

    public static ReadinessProbe forKind(ProbeKind kind) {
        return switch (kind) {
            case POSTGRES -> JdbcProbe.postgres();
            case MYSQL -> JdbcProbe.mysql();
            case MONGO -> new MongoProbe();
            case REDIS -> new RedisProbe();
        };
    }
}
