package io.dbdock.instance;

import io.dbdock.docker.ContainerEvent;
import io.dbdock.docker.DockerGateway;
import io.dbdock.model.DockerStream;
import io.dbdock.docker.Labels;
import io.dbdock.engine.EngineSpec;
import io.dbdock.probe.ProbeResult;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.StoreWatcher;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the service's live states true for long-running front ends: Docker events (filtered by
 * the managed label) for sub-second updates, one list call as a periodic reconcile and after
 * every reconnect, and probes that turn a started container into Ready.
 */
public final class StateMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateMonitor.class);
    private static final long RECONCILE_SECONDS = 30;
    private static final long RECONNECT_MS = 1000;
    /** How often a connected engine is pinged: a hung engine keeps the event stream open but silent. */
    private static final long HEARTBEAT_MS = 2000;
    private static final long UNHEALTHY_RETRY_MS = 5000;

    private final InstanceService service;
    private final DockerGateway docker;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "dbdock-monitor");
        t.setDaemon(true);
        return t;
    });
    private final Set<UUID> probing = ConcurrentHashMap.newKeySet();
    private volatile DockerStream events;
    private volatile long lastEventSeconds;
    private volatile boolean connected;
    private volatile boolean closed;
    private StoreWatcher storeWatcher;
    /** One reconnect at a time: a dying stream may report its end more than once. */
    private final AtomicBoolean reconnectPending = new AtomicBoolean();

    public StateMonitor(InstanceService service, DockerGateway docker) {
        this.service = service;
        this.docker = docker;
    }

    /** Also reconcile when another process rewrites the instance list (instances made or deleted elsewhere). */
    public void watchStore(DataRoot root) {
        try {
            storeWatcher = new StoreWatcher(root, () -> executor.execute(this::reconcile));
        } catch (java.io.IOException e) {
            LOG.warn("Cannot watch {} for changes by other processes: {}", root.instancesFile(), e.toString());
        }
    }

    public void start() {
        executor.execute(this::connect);
        executor.scheduleWithFixedDelay(this::reconcile, RECONCILE_SECONDS, RECONCILE_SECONDS, TimeUnit.SECONDS);
        executor.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_MS, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    /** A connected engine that stops answering (frozen, overloaded) is treated as gone until it answers again. */
    private void heartbeat() {
        if (!connected || closed) {
            return;
        }
        try {
            docker.ping();
        } catch (RuntimeException e) {
            LOG.info("Docker stopped answering: {}", e.getMessage());
            disconnected(e.getMessage());
        }
    }

    private void disconnected(String problem) {
        connected = false;
        DockerStream old = events;
        if (old != null) {
            old.close();
        }
        service.runtime().publishDocker(new DockerStatus(false, "", "", problem));
        scheduleReconnect();
    }

    private void connect() {
        reconnectPending.set(false);
        if (closed) {
            return;
        }
        try {
            docker.ping();
            long since = lastEventSeconds;
            events = docker.events(this::onEvent, this::onStreamEnd, since);
            var info = docker.info();
            service.runtime().publishDocker(new DockerStatus(true, info.endpoint(),
                    "Docker " + info.serverVersion() + " (API " + info.apiVersion() + ")", ""));
            connected = true;
            reconcile();
        } catch (RuntimeException e) {
            LOG.info("Cannot follow Docker events yet: {}", e.getMessage());
            connected = false;
            service.runtime().publishDocker(new DockerStatus(false, "", "", e.getMessage()));
            scheduleReconnect();
        }
    }

    /** Try to reach Docker again now (the window's Retry button). */
    public void reconnectNow() {
        executor.execute(this::connect);
    }

    private void onStreamEnd(Throwable error) {
        if (closed) {
            return;
        }
        DockerStream old = events;
        if (old != null) {
            old.close();
        }
        LOG.info("Docker event stream ended ({}); reconnecting", error == null ? "closed" : error.toString());
        connected = false;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!closed && reconnectPending.compareAndSet(false, true)) {
            executor.schedule(this::connect, RECONNECT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void onEvent(ContainerEvent event) {
        lastEventSeconds = Math.max(lastEventSeconds, event.timeNanos() / 1_000_000_000L);
        String id = event.label(Labels.INSTANCE);
        if (id == null || "helper".equals(event.label(Labels.ROLE))) {
            return;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (service.runtime().isLocked(uuid)) {
            return; // The service itself is changing this instance and publishes its states.
        }
        StateMapper.Mapped mapped = StateMapper.fromEvent(event.action(), event.label("exitCode"));
        if (mapped == null) {
            return;
        }
        if (mapped.state() == InstanceState.STOPPED && mapped.detail().isEmpty()) {
            // Not "outside dbdock" when another dbdock process held the instance's lock just now.
            java.util.OptionalLong other = InstanceFileLock.recentOtherHolder(service.runtime().root(), uuid, java.time.Duration.ofMinutes(1));
            if (other.isPresent()) {
                mapped = new StateMapper.Mapped(InstanceState.STOPPED,
                        InstanceSnapshot.STOPPED_BY_ANOTHER_DBDOCK + " (process " + other.getAsLong() + ").");
            }
        }
        InstanceRecord record = service.runtime().recordById(uuid);
        if (record == null) {
            // Deleted by another dbdock process (the CLI, say): its record is gone from the store.
            service.runtime().forget(uuid);
            return;
        }
        service.runtime().publish(record, mapped.state(), mapped.detail(), -1);
        if (mapped.state() == InstanceState.STARTING) {
            watchUntilReady(record);
        }
    }

    /** One list call; running instances that are not known Ready get probed. */
    public void reconcile() {
        try {
            for (InstanceSnapshot s : service.refresh(false)) {
                if (s.state() == InstanceState.STARTING) {
                    watchUntilReady(s.record());
                }
            }
        } catch (RuntimeException e) {
            LOG.info("Reconcile failed: {}", e.getMessage());
        }
    }

    /** Probes until Ready (package-private for its unit test). */
    void watchUntilReady(InstanceRecord record) {
        if (!probing.add(record.id())) {
            return;
        }
        EngineSpec engine = service.engine(record);
        long deadline = System.nanoTime() + engine.readyTimeout().toNanos();
        executor.execute(() -> probeStep(record, engine, deadline));
    }

    private void probeStep(InstanceRecord record, EngineSpec engine, long deadline) {
        if (closed) {
            return;
        }
        InstanceSnapshot now = service.snapshot(record);
        if (now.state() != InstanceState.STARTING && now.state() != InstanceState.UNHEALTHY) {
            probing.remove(record.id());
            return;
        }
        ProbeResult result;
        try {
            result = service.runtime().probe(engine).check(service.endpoint(record));
        } catch (RuntimeException e) {
            result = ProbeResult.notReady(e.getMessage());
        }
        if (result.isReady()) {
            service.runtime().publish(record, InstanceState.READY, "", -1);
            probing.remove(record.id());
            return;
        }
        // A server that does not answer may no longer run at all: a Starting from an event or a list call
        // that came late (after the stop) must not outlive the container's own word.
        if (!service.runtime().isLocked(record.id())) {
            java.util.Optional<io.dbdock.docker.ContainerState> container;
            try {
                container = docker.inspect(record.containerName());
            } catch (RuntimeException e) {
                container = null; // Docker itself is away: the heartbeat says so; keep probing
            }
            if (container != null && (container.isEmpty() || !container.get().running())) {
                StateMapper.Mapped gone = container.isEmpty() ? StateMapper.fromContainer(null)
                        : StateMapper.fromDockerState(container.get().status(), java.util.OptionalInt.of(container.get().exitCode()));
                if (gone.state() != InstanceState.STARTING) {
                    LOG.info("{} is no longer running ({}); it was shown as starting", record.name(), container.map(c -> c.status()).orElse("removed"));
                    service.runtime().publish(record, gone.state(), gone.detail(), -1);
                    probing.remove(record.id());
                    return;
                }
            }
        }
        boolean late = System.nanoTime() > deadline;
        if (late || result.outcome() == ProbeResult.Outcome.AUTH_FAILED) {
            service.runtime().publish(record, InstanceState.UNHEALTHY, result.message(), -1);
        }
        executor.schedule(() -> probeStep(record, engine, deadline),
                late ? UNHEALTHY_RETRY_MS : ReadinessWaiter.PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        if (storeWatcher != null) {
            storeWatcher.close();
        }
        DockerStream e = events;
        if (e != null) {
            e.close();
        }
        executor.shutdownNow();
    }
}
