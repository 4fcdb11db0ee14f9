package io.dbdock.engine;

/** Which readiness check proves an engine accepts connections; implemented in io.dbdock.probe. */
public enum ProbeKind {
    POSTGRES, MYSQL, MONGO, REDIS
}
