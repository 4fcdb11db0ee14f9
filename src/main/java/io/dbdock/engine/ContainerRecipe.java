package io.dbdock.engine;

import java.util.List;
import java.util.Map;

/**
 * What a container of one instance needs besides image, ports and mounts.
 *
 * @param env         plain environment (never a secret: it shows in {@code docker inspect})
 * @param command     the command, or empty for the image's default
 * @param secretFiles files copied into the container before it starts: path to content
 */
public record ContainerRecipe(Map<String, String> env, List<String> command, Map<String, String> secretFiles) {
    public ContainerRecipe {
        env = Map.copyOf(env);
        command = List.copyOf(command);
        secretFiles = Map.copyOf(secretFiles);
    }

    @Override
    public String toString() {
        return "ContainerRecipe[env=" + env + ", command=" + command + ", secretFiles=" + secretFiles.keySet() + "]";
    }
}
