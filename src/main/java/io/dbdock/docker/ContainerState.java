package io.dbdock.docker;

/** A single container's state from inspect: running or not, and how it ended. */
public record ContainerState(String id, String status, boolean running, int exitCode, String error) {
}
