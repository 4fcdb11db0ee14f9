package io.dbdock.model;

import java.io.Closeable;

/** A followed stream (events, logs): close it to stop, or wait for the engine to end it. */
public interface DockerStream extends Closeable {
    void await() throws InterruptedException;

    @Override
    void close();
}
