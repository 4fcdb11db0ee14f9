package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.ports.PortAllocator;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Changes an instance's settings (name, start with dbdock, address, port) as one operation: all
 * checked first, written to the record at once, and the container recreated at most once, on
 * the same data, only when the address or the port changed. A refused change changes nothing.
 */
final class InstanceEditing {
    private final InstanceRuntime runtime;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final PortAllocator ports;

    InstanceEditing(InstanceRuntime runtime) {
        this.runtime = runtime;
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.ports = runtime.ports();
    }

    InstanceSnapshot change(String nameOrId, InstanceChanges c, boolean waitReady) {
        if (c.name() != null) {
            InstanceRuntime.check(InputRules.nameProblem(c.name()));
        }
        if (c.bindAddress() != null) {
            InstanceRuntime.check(InputRules.bindAddressProblem(c.bindAddress()));
        }
        if (c.port() != null) {
            InstanceRuntime.check(InputRules.portProblem(c.port()));
        }
        InstanceRecord found = runtime.find(nameOrId);
        return runtime.withLock(found, () -> {
            InstanceRecord r = runtime.current(found);
            String bind = c.bindAddress() != null ? c.bindAddress() : r.bindAddress();
            boolean rebinds = !bind.equals(r.bindAddress());
            boolean moves = rebinds || c.newPort() || c.port() != null && c.port() != r.port();
            boolean wasRunning = moves && runtime.isRunning(r);
            // On another address, the instance's own listener would make its port look taken: stop it first.
            boolean stoppedFirst = wasRunning && rebinds;
            if (stoppedFirst) {
                docker.stop(r.containerName(), InstanceRuntime.STOP_TIMEOUT_SECONDS);
            }
            InstanceRecord changed;
            try {
                changed = store.update(records -> InstanceRuntime.replace(records, r.id(), x -> changed(x, c, bind, moves, records)));
            } catch (UserFacingException refused) {
                if (stoppedFirst) {
                    docker.start(r.containerName()); // refused: the instance goes on as it was
                }
                throw refused;
            }
            if (!moves) {
                InstanceSnapshot now = runtime.snapshot(r);
                return runtime.publish(changed, now.state(), now.detail(), now.progress());
            }
            runtime.stopAndRemove(r);
            return runtime.recreate(changed, wasRunning, c.newPort() && c.port() == null, waitReady);
        });
    }

    /** The record with the changes, checked against the others under the store's lock. */
    private InstanceRecord changed(InstanceRecord r, InstanceChanges c, String bind, boolean moves, List<InstanceRecord> records) {
        List<InstanceRecord> others = records.stream().filter(o -> !o.id().equals(r.id())).toList();
        InstanceRecord next = r;
        if (c.name() != null) {
            others.forEach(o -> InputRules.requireDistinct(c.name(), o));
            next = next.withName(c.name());
        }
        if (c.autoStart() != null) {
            next = next.withAutoStart(c.autoStart());
        }
        if (!moves) {
            return next;
        }
        Set<Integer> published = docker.publishedHostPorts();
        int port;
        if (c.port() != null || !c.newPort()) {
            port = c.port() != null ? c.port() : r.port();
            Optional<String> taken = ports.whyTaken(port, bind, Reservations.holders(others), published);
            if (taken.isPresent()) {
                throw UserFacingException.conflict("Port " + port + " is not free" + (bind.equals(r.bindAddress()) ? "" : " on " + bind)
                        + ": " + taken.get() + "." + (c.port() == null ? " Give the instance another port first." : ""));
            }
        } else {
            Set<Integer> avoid = new HashSet<>(others.stream().map(InstanceRecord::port).collect(Collectors.toSet()));
            avoid.add(r.port());
            port = ports.allocate(runtime.engine(r).containerPort(), bind, avoid, published);
        }
        return next.withBindAddress(bind).withPort(port);
    }
}
