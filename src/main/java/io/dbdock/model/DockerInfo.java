package io.dbdock.model;

/**
 * The engine dbdock talks to.
 *
 * @param endpoint      the address, e.g. unix:///var/run/docker.sock
 * @param source        how it was found, e.g. "DOCKER_HOST" or "default socket"
 * @param serverVersion the engine's version
 * @param apiVersion    the API version negotiated with it
 */
public record DockerInfo(String endpoint, String source, String serverVersion, String apiVersion, String os) {
}
