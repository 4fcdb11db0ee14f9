package io.dbdock.instance;

import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.engine.EngineSpec;
import io.dbdock.model.EnginePlace;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the live states in line with Docker: one list call, each instance's state mapped from
 * its container (the running ones probed when asked), after recovery has done its part.
 */
final class Reconcile {
    private static final Logger LOG = LoggerFactory.getLogger(Reconcile.class);
    /** A record this young without a container is still being created (by another process). */
    private static final java.time.Duration BEING_CREATED = java.time.Duration.ofMinutes(2);

    private final InstanceRuntime runtime;
    private final Recovery recovery;
    private final InstanceStore store;
    private final DockerGateway docker;

    Reconcile(InstanceRuntime runtime, Recovery recovery) {
        this.runtime = runtime;
        this.recovery = recovery;
        this.store = runtime.store();
        this.docker = runtime.docker();
    }

    /**
     * Asks Docker once (one list call) for every instance's container and, when {@code probe} is
     * set, checks the running ones for readiness in parallel. Returns the updated snapshots.
     */
    List<InstanceSnapshot> refresh(boolean probe) {
        List<InstanceRecord> records = store.load();
        long asked = runtime.mark();
        List<ContainerSummary> managed = docker.listManaged();
        EnginePlace here = docker.place();
        if (!recovery.adoptOrphans(records, managed, here).isEmpty()) {
            records = store.load();
        }
        if (recovery.resumeInterrupted(records, managed, here)) {
            records = store.load();
            asked = runtime.mark();
            managed = docker.listManaged();
        }
        recovery.forgetVanished(records);
        recovery.removeAbandonedHelpers(managed);
        Map<String, ContainerSummary> byInstance = byInstance(managed);
        records = placed(records, byInstance, here);
        List<InstanceSnapshot> result = new ArrayList<>();
        List<Runnable> probes = new ArrayList<>();
        for (InstanceRecord r : records) {
            if (runtime.isLocked(r.id()) || runtime.changedSince(r.id(), asked)) {
                result.add(runtime.snapshot(r));
                continue;
            }
            if (!r.livesOn(here)) {
                result.add(runtime.publish(r, InstanceState.ELSEWHERE, InstanceRuntime.elsewhereDetail(r, here), -1));
                continue;
            }
            ContainerSummary container = byInstance.get(r.id().toString());
            InstanceSnapshot previous = runtime.lastSeen(r.id());
            // A fresh record without a container is being made elsewhere, unless this process saw it exist already.
            boolean seenBefore = previous != null && previous.state() != InstanceState.CREATING
                    && previous.state() != InstanceState.PULLING && previous.state() != InstanceState.UNKNOWN;
            StateMapper.Mapped mapped = mapped(r, container, seenBefore);
            if (mapped.state() == InstanceState.STARTING && previous != null
                    && (previous.state() == InstanceState.READY || previous.state() == InstanceState.UNHEALTHY)) {
                mapped = new StateMapper.Mapped(previous.state(), previous.detail());
            }
            InstanceSnapshot snap = runtime.publish(r, mapped.state(), mapped.detail(), -1);
            result.add(snap);
            if (probe && mapped.state() == InstanceState.STARTING) {
                probes.add(() -> probeOnce(r));
            }
        }
        runInParallel(probes);
        return result.stream().map(x -> runtime.snapshot(x.record())).collect(Collectors.toList());
    }

    /**
     * The states as they are, read only: the store and one list call, no recovery, no adoption
     * and no login. A running server counts as Ready when it answers in its protocol (a knock,
     * in parallel) and no probe since its start found its login refused ({@link RefusedLogins}).
     */
    List<InstanceSnapshot> look() {
        List<InstanceRecord> records = store.load();
        long asked = runtime.mark();
        // The context's name needs no connection; the engine is asked for its ID only when a record names another
        // context (that context may just have been renamed).
        EnginePlace named = docker.quickPlace();
        EnginePlace here = records.stream().allMatch(r -> r.livesOn(named)) ? named : docker.place();
        Map<String, ContainerSummary> byInstance = byInstance(docker.listManaged());
        List<InstanceSnapshot> result = new ArrayList<>();
        List<Runnable> knocks = new ArrayList<>();
        for (InstanceRecord r : records) {
            if (runtime.changedSince(r.id(), asked)) {
                result.add(runtime.snapshot(r));
                continue;
            }
            if (!r.livesOn(here)) {
                result.add(runtime.publish(r, InstanceState.ELSEWHERE, InstanceRuntime.elsewhereDetail(r, here), -1));
                continue;
            }
            ContainerSummary container = byInstance.get(r.id().toString());
            StateMapper.Mapped mapped = mapped(r, container, false);
            runtime.publish(r, mapped.state(), mapped.detail(), -1);
            result.add(runtime.snapshot(r));
            if (mapped.state() == InstanceState.STARTING && "running".equals(container.state())) {
                knocks.add(() -> {
                    var refused = RefusedLogins.last(r);
                    if (refused.isPresent()) {
                        runtime.publish(r, InstanceState.UNHEALTHY, refused.get(), -1);
                    } else if (runtime.probe(runtime.engine(r)).answers(runtime.endpoint(r))) {
                        runtime.publish(r, InstanceState.READY, "", -1);
                    }
                });
            }
        }
        runInParallel(knocks);
        return result.stream().map(x -> runtime.snapshot(x.record())).collect(Collectors.toList());
    }

    /**
     * The records with the engine they live on written down where it was not yet: one recorded
     * before engines were told apart, whose container is on this engine; one whose context was
     * renamed (the same engine ID under another name), or whose engine's ID was not known.
     */
    private List<InstanceRecord> placed(List<InstanceRecord> records, Map<String, ContainerSummary> byInstance, EnginePlace here) {
        java.util.function.Predicate<InstanceRecord> toStamp = r -> r.place() == null
                ? byInstance.containsKey(r.id().toString())
                : r.livesOn(here) && !r.place().equals(here);
        if (records.stream().noneMatch(toStamp)) {
            return records;
        }
        store.update(list -> {
            list.replaceAll(r -> toStamp.test(r) ? r.withPlace(here) : r);
            return null;
        });
        LOG.info("Recorded which Docker engine ({}) instances live on", here.context());
        return store.load();
    }

    /** The state from the container; a fresh record without one (that this process has not seen exist) is being made elsewhere. */
    private static StateMapper.Mapped mapped(InstanceRecord r, ContainerSummary container, boolean seenBefore) {
        return container == null && !seenBefore && r.createdAt().isAfter(Instant.now().minus(BEING_CREATED))
                ? new StateMapper.Mapped(InstanceState.CREATING, "Being created by another dbdock window or command.")
                : StateMapper.fromContainer(container);
    }

    private static Map<String, ContainerSummary> byInstance(List<ContainerSummary> managed) {
        Map<String, ContainerSummary> byInstance = new HashMap<>();
        for (ContainerSummary c : managed) {
            String id = c.label(Labels.INSTANCE);
            if (id != null && !"helper".equals(c.label(Labels.ROLE))) {
                byInstance.put(id, c);
            }
        }
        return byInstance;
    }

    private void probeOnce(InstanceRecord r) {
        EngineSpec engine = runtime.engine(r);
        var result = runtime.probe(engine).check(runtime.endpoint(r));
        switch (result.outcome()) {
            case READY -> runtime.publish(r, InstanceState.READY, "", -1);
            case AUTH_FAILED -> runtime.publish(r, InstanceState.UNHEALTHY, result.message(), -1);
            case NOT_READY -> runtime.publish(r, InstanceState.STARTING, result.message(), -1);
        }
    }

    private static void runInParallel(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, tasks.size()), r -> {
            Thread t = new Thread(r, "dbdock-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(pool.submit(t)));
            for (Future<?> f : futures) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("A readiness check failed: {}", e.toString());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
