package io.dbdock.model;

/**
 * Which engine a process talks to, as the user chose it for this run ({@code --context},
 * {@code --insecure-tcp}), on top of what the docker CLI reads from the environment
 * (DOCKER_HOST, DOCKER_CONTEXT, its current context). One way of finding an engine, whichever
 * front end asks: the docker package applies the choice to that environment.
 *
 * @param context     a docker context's name, or null for the environment's
 * @param insecureTcp whether plain tcp to another machine is allowed (passwords would cross the network readable)
 */
public record EngineChoice(String context, boolean insecureTcp) {
    /** What the environment says, nothing chosen on top. */
    public static final EngineChoice ENVIRONMENT = new EngineChoice(null, false);
}
