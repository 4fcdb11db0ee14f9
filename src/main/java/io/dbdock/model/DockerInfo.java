package io.dbdock.model;

/**
 * The engine dbdock talks to.
 *
 * @param endpoint      the address, e.g. unix:///var/run/docker.sock
 * @param source        how it was found, e.g. "DOCKER_HOST" or "default socket"
 * @param serverVersion the engine's version
 * @param apiVersion    the API version negotiated with it
 * @param context       the docker context it was reached through, or the DOCKER_HOST address
 */
public record DockerInfo(String endpoint, String source, String serverVersion, String apiVersion, String os, String context) {
    /** An engine of the default context. */
    public DockerInfo(String endpoint, String source, String serverVersion, String apiVersion, String os) {
        this(endpoint, source, serverVersion, apiVersion, os, "default");
    }
}
