package io.dbdock.model;

/**
 * Which Docker engine an instance lives on: the docker context it was reached through (or the
 * DOCKER_HOST address when that was set) and the engine's own ID (docker info's ID). The ID is
 * what tells engines apart: a context renamed, or repointed at another machine, is recognised by
 * it; the name alone is what a quick look without asking the engine can compare.
 *
 * @param context  the context's name ("default", "box"), or the DOCKER_HOST address
 * @param engineId the engine's ID, or "" when the engine has none (some Podman versions)
 */
public record EnginePlace(String context, String engineId) {
    public EnginePlace {
        context = context == null || context.isBlank() ? "default" : context;
        engineId = engineId == null ? "" : engineId;
    }

    /** The place of an engine whose ID is not known (a quick look that did not ask it). */
    public static EnginePlace named(String context) {
        return new EnginePlace(context, "");
    }

    /**
     * Whether an instance recorded here lives on the engine {@code now}: the same ID when both
     * IDs are known, else the same context name.
     */
    public boolean sameEngine(EnginePlace now) {
        if (!engineId.isEmpty() && !now.engineId.isEmpty()) {
            return engineId.equals(now.engineId);
        }
        return context.equals(now.context);
    }

    /** Whether a place's context is an address (DOCKER_HOST's) rather than a docker context's name. */
    public static boolean isAddress(String context) {
        return context.contains("://");
    }

    /** "context 'box'", "tcp://10.0.0.5:2376". */
    public String shortName() {
        return isAddress(context) ? context : "context '" + context + "'";
    }

    /** "the Docker engine of context 'box'", "the Docker engine at tcp://10.0.0.5:2376". */
    public String describe() {
        return "the Docker engine " + (isAddress(context) ? "at " : "of ") + shortName();
    }
}
