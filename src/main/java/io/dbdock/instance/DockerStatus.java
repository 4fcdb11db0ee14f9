package io.dbdock.instance;

/**
 * Whether dbdock can talk to Docker, as front ends show it.
 *
 * @param endpoint where the engine is (or was last tried)
 * @param version  engine and API version when available
 * @param problem  what is wrong and how to fix it, when unavailable
 * @param remedy   the fix the window can offer as a button (an SSH host key to trust), or null
 */
public record DockerStatus(boolean available, String endpoint, String version, String problem, io.dbdock.common.Remedy remedy) {
    public DockerStatus(boolean available, String endpoint, String version, String problem) {
        this(available, endpoint, version, problem, null);
    }

    public static DockerStatus unknown() {
        return new DockerStatus(false, "", "", "Connecting to Docker...");
    }
}
