package io.dbdock.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Containers: create, start, stop, remove, inspect, list; only ones with dbdock's managed label are started, stopped or removed. */
final class ContainerCalls extends SessionCalls {

    ContainerCalls(DockerSession session) {
        super(session);
    }

    private static final Pattern PORT_IN_USE = Pattern.compile(
            "(?:port is already allocated|address already in use|bind for [^ ]*?:(\\d+) failed)", Pattern.CASE_INSENSITIVE);

    private static final Pattern ANY_PORT = Pattern.compile(":(\\d{1,5})\\b");

    public String createContainer(ContainerSpec spec) {
        ExposedPort exposed = ExposedPort.tcp(spec.port().containerPort());
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            binds.add(session.selinux() && !m.volume()
                    ? new Bind(m.source(), new Volume(m.target()), AccessMode.rw, SELContext.shared)
                    : new Bind(m.source(), new Volume(m.target())));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort(spec.port().hostIp(), spec.port().hostPort()), exposed))
                .withBinds(binds);
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withEnv(env)
                .withLabels(spec.labels())
                .withExposedPorts(exposed)
                .withHostConfig(host);
        if (!spec.command().isEmpty()) {
            cmd.withCmd(spec.command());
        }
        return call("create container " + spec.name(), () -> {
            try {
                return cmd.exec().getId();
            } catch (ConflictException e) {
                throw new io.dbdock.common.UserFacingException(io.dbdock.common.Problem.CONFLICT,
                        "A container named " + spec.name() + " already exists. Remove it or choose another name.", e);
            }
        });
    }

    public void start(String containerId) {
        run("start " + containerId, () -> {
            requireManaged(containerId, "start");
            try {
                client.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // 304: already running is what we wanted.
            } catch (DockerException e) {
                Integer port = portInUse(e.getMessage());
                if (port != null) {
                    throw new PortConflictException(port, "Port " + port + " is already in use on this computer.", e);
                }
                throw e;
            }
        });
    }

    /** The port named in a "port is already allocated" style error, or null if it is another error. */
    static Integer portInUse(String message) {
        if (message == null || !PORT_IN_USE.matcher(message).find()) {
            return null;
        }
        Matcher m = ANY_PORT.matcher(message);
        Integer port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    public void stop(String containerId, int timeoutSeconds) {
        call("stop " + containerId, DockerSession.CALL_DEADLINE.plusSeconds(timeoutSeconds), () -> {
            requireManaged(containerId, "stop");
            try {
                client.stopContainerCmd(containerId).withTimeout(timeoutSeconds).exec();
            } catch (NotModifiedException alreadyStopped) {
                // 304: already stopped.
            }
            return null;
        });
    }

    public void remove(String containerId) {
        run("remove " + containerId, () -> {
            try {
                requireManaged(containerId, "remove");
                // With its anonymous volumes: Docker makes one for every VOLUME of the image that no
                // mount covers (a helper's data path, Mongo's /data/configdb) and keeps it otherwise.
                // Named volumes (an instance's data) are never removed this way.
                client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // Already removed.
            }
        });
    }

    private static boolean managed(InspectContainerResponse r) {
        Map<String, String> labels = r.getConfig() == null ? null : r.getConfig().getLabels();
        return labels != null && "true".equals(labels.get(Labels.MANAGED));
    }

    /**
     * dbdock acts only on containers it made (the managed label), never on one that merely has a
     * name like an instance's: a missing container is fine (nothing to do), a foreign one is refused.
     */
    private void requireManaged(String containerIdOrName, String action) {
        InspectContainerResponse r;
        try {
            r = client.inspectContainerCmd(containerIdOrName).exec();
        } catch (NotFoundException gone) {
            return;
        }
        if (!managed(r)) {
            throw new io.dbdock.common.UserFacingException(io.dbdock.common.Problem.CONFLICT, "The container "
                    + containerIdOrName + " was not made by dbdock, so dbdock will not " + action
                    + " it. Rename or remove it with docker, then try again.", null);
        }
    }

    public Optional<ContainerState> inspect(String containerIdOrName) {
        return call("inspect " + containerIdOrName, () -> {
            try {
                InspectContainerResponse r = client.inspectContainerCmd(containerIdOrName).exec();
                if (!managed(r)) {
                    return Optional.<ContainerState>empty(); // someone else's container with a name like ours
                }
                var s = r.getState();
                return Optional.of(new ContainerState(r.getId(), s.getStatus(), Boolean.TRUE.equals(s.getRunning()),
                        s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue(), s.getError()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    public List<ContainerSummary> listManaged() {
        return call("list containers", () -> {
            List<ContainerSummary> result = new ArrayList<>();
            for (Container c : client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(Labels.MANAGED, "true")).exec()) {
                result.add(ContainerSummary.of(c.getId(), c.getNames(), c.getState(), c.getStatus(), c.getLabels()));
            }
            return result;
        });
    }

    public Set<Integer> publishedHostPorts() {
        return call("list published ports", () -> {
            Set<Integer> ports = new HashSet<>();
            for (Container c : client.listContainersCmd().exec()) {
                if (c.getPorts() != null) {
                    for (ContainerPort p : c.getPorts()) {
                        if (p.getPublicPort() != null) {
                            ports.add(p.getPublicPort());
                        }
                    }
                }
            }
            return ports;
        });
    }
}
