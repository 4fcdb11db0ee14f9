package io.dbdock.probe;

import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ProbeKind;
import java.time.Duration;
import java.util.function.Supplier;

/** The readiness probe for each probe kind named in the engine catalog. */
public final class Probes {
    /** How long a knock waits for an answer: a local server answers in a millisecond or two. */
    static final Duration KNOCK_DEADLINE = Duration.ofMillis(500);

    private Probes() {
    }

    public static ReadinessProbe forKind(ProbeKind kind) {
        // The client that logs in (a JDBC driver, the Mongo driver) loads only when a login is asked for.
        Supplier<ReadinessProbe> login = switch (kind) {
            // Lambdas, not method references: a reference links its class (and the driver's classes) when made.
            case POSTGRES -> () -> JdbcProbe.postgres();
            case MYSQL -> () -> JdbcProbe.mysql();
            case MONGO -> () -> new MongoProbe();
            case REDIS -> () -> new RedisProbe();
        };
        return new ReadinessProbe() {
            private ReadinessProbe client;

            @Override
            public ProbeResult check(Endpoint endpoint) {
                return client().check(endpoint);
            }

            private synchronized ReadinessProbe client() {
                if (client == null) {
                    client = login.get();
                }
                return client;
            }

            @Override
            public boolean answers(Endpoint endpoint) {
                return Knock.answers(kind, endpoint.host(), endpoint.port(), KNOCK_DEADLINE);
            }
        };
    }
}
