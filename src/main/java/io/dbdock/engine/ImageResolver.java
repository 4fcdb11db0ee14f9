package io.dbdock.engine;

import java.util.Map;

/**
 * Turns an engine version into an image reference. Repositories can be replaced per engine
 * (settings file: private mirrors) or all at once by a prefix ({@code DBDOCK_IMAGE_PREFIX}).
 */
public final class ImageResolver {
    private final Map<String, String> repositoryOverrides;
    private final String prefix;

    public ImageResolver(Map<String, String> repositoryOverrides, String prefix) {
        this.repositoryOverrides = Map.copyOf(repositoryOverrides);
        this.prefix = prefix == null ? "" : prefix.trim();
    }

    public static ImageResolver fromEnvironment(Map<String, String> repositoryOverrides) {
        return new ImageResolver(repositoryOverrides, System.getenv("DBDOCK_IMAGE_PREFIX"));
    }

    /** A variant's repository is replaced under its own key ("postgres+pgvector"), the plain engine's under its id. */
    public String repository(EngineSpec engine) {
        String override = repositoryOverrides.get(engine.writtenId());
        if (override != null && !override.isBlank()) {
            return override.trim();
        }
        return prefix + engine.repository();
    }

    public String image(EngineSpec engine, EngineVersion version) {
        return repository(engine) + ":" + version.tag();
    }
}
