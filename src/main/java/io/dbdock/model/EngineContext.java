package io.dbdock.model;

/**
 * A Docker engine the docker CLI knows by name (one of its contexts), and what dbdock found when
 * it asked it just now.
 *
 * @param current   the context the docker CLI (and so dbdock) uses now
 * @param tls       whether dbdock talks to it with the context's TLS certificates
 * @param reachable whether it answered within a few seconds
 * @param engine    its version, as "Docker 27.3.1 (API 1.47)", when it answered
 * @param problem   why it did not answer, or why dbdock will not use it, in plain words; empty otherwise
 */
public record EngineContext(String name, String description, String host, boolean current, boolean tls, boolean reachable,
                            String engine, String problem) {
}
