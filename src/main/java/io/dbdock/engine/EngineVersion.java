package io.dbdock.engine;

/**
 * One offered version of an engine.
 *
 * @param version   what users type and see ("17", "8.4")
 * @param tag       the image tag
 * @param dataMount where the data lives inside the container (the mount target)
 * @param note      a short remark shown beside the version, or empty
 */
public record EngineVersion(String version, String tag, String dataMount, String note) {
    public EngineVersion(String version, String dataMount) {
        this(version, version, dataMount, "");
    }
}
