package io.dbdock.docker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.function.Supplier;

/** What every group of engine calls shares: the session, its client, and its deadlines and error translation. */
abstract class SessionCalls {
    final DockerSession session;
    final DockerClient client;

    SessionCalls(DockerSession session) {
        this.session = session;
        this.client = session.client();
    }

    <T> T call(String what, Supplier<T> action) {
        return session.call(what, action);
    }

    <T> T call(String what, Duration deadline, Supplier<T> action) {
        return session.call(what, deadline, action);
    }

    void run(String what, Runnable action) {
        session.run(what, action);
    }
}
