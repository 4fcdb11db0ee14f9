package io.dbdock.docker;

import java.util.List;
import java.util.Map;

/**
 * A container to create.
 *
 * @param mounts host folder or volume name to container path
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> env,
        List<String> command,
        Map<String, String> labels,
        List<Mount> mounts,
        PortMapping port) {

    /** A bind mount (source is an absolute host path) or a named volume (source is its name). */
    public record Mount(String source, String target, boolean volume) {
    }

    /** Publish containerPort on hostIp:hostPort. */
    public record PortMapping(String hostIp, int hostPort, int containerPort) {
    }
}
