package io.dbdock.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Volumes: labelled ones made and removed (never one without dbdock's label), listed, measured. */
final class VolumeCalls extends SessionCalls {

    VolumeCalls(DockerSession session) {
        super(session);
    }

    public boolean volumeExists(String name) {
        return call("inspect volume " + name, () -> {
            try {
                client.inspectVolumeCmd(name).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    public Map<String, String> volumeLabels(String name) {
        return call("inspect volume " + name, () -> {
            try {
                Map<String, String> labels = client.inspectVolumeCmd(name).exec().getLabels();
                return labels == null ? Map.<String, String>of() : Map.copyOf(labels);
            } catch (NotFoundException e) {
                return Map.<String, String>of();
            }
        });
    }

    public Map<String, Map<String, String>> managedVolumes() {
        return call("list volumes", () -> {
            Map<String, Map<String, String>> found = new java.util.TreeMap<>();
            var volumes = client.listVolumesCmd().withFilter("label", List.of(Labels.MANAGED + "=true")).exec().getVolumes();
            if (volumes != null) {
                volumes.forEach(v -> found.put(v.getName(), v.getLabels() == null ? Map.of() : Map.copyOf(v.getLabels())));
            }
            return found;
        });
    }

    public Map<String, Long> volumeSizes() {
        // docker-java has no call for /system/df (what `docker system df -v` reads): ask for it as is.
        return call("measure volumes", Duration.ofMinutes(5), () -> {
            Map<String, Long> sizes = new java.util.TreeMap<>();
            for (var v : session.get("/v" + session.apiVersion() + "/system/df").path("Volumes")) {
                sizes.put(v.path("Name").asText(), v.path("UsageData").path("Size").asLong(-1));
            }
            return sizes;
        });
    }

    public void createVolume(String name, Map<String, String> labels) {
        run("create volume " + name, () -> client.createVolumeCmd().withName(name).withLabels(labels).exec());
    }

    /** The one guard for volumes, as for containers: dbdock removes only volumes with its managed label. */
    public void removeVolume(String name) {
        run("remove volume " + name, () -> {
            try {
                Map<String, String> labels = client.inspectVolumeCmd(name).exec().getLabels();
                if (labels == null || !"true".equals(labels.get(Labels.MANAGED))) {
                    throw new io.dbdock.common.UserFacingException(io.dbdock.common.Problem.CONFLICT, "The volume " + name
                            + " was not made by dbdock; it was left alone.");
                }
                client.removeVolumeCmd(name).exec();
            } catch (NotFoundException gone) {
                // Already removed.
            }
        });
    }
}
