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
    /** How often a failing probe loop asks Docker whether the container still runs (not at every probe). */
    private static final long CONTAINER_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long LOCK_WAIT_MS = 250;

    private final InstanceService service;
    private final DockerGateway docker;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "dbdock-monitor");
        t.setDaemon(true);
        return t;
    });
    private final Set<UUID> probing = ConcurrentHashMap.newKeySet();
    private final Set<UUID> waitingForLock = ConcurrentHashMap.newKeySet();
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
            service.runtime().publishDocker(new DockerStatus(false, "", "", e.getMessage(),
                    e instanceof io.dbdock.common.UserFacingException u ? u.remedy().orElse(null) : null));
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
        StateMapper.Mapped mapped = StateMapper.fromEvent(event.action(), event.label("exitCode"));
        if (mapped == null) {
            return;
        }
        if (service.runtime().isLocked(uuid) || service.runtime().changedByUsAfter(uuid, event.timeNanos())) {
            // This process is changing the instance, or changed it and reported that: the event is its own news
            // (Docker can deliver a restart's "die" after the restart is over). Only a start still needs the
            // probe loop, which waits for the change to end and stops if it left the instance Ready.
            InstanceRecord record = mapped.state() == InstanceState.STARTING ? service.runtime().recordById(uuid) : null;
            if (record != null) {
                watchUntilReady(record);
            }
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
        executor.execute(() -> probeStep(record, engine, deadline, System.nanoTime() + CONTAINER_CHECK_NANOS));
    }

    /**
     * One probe; again after a pause until Ready. While this process changes the instance (its lock
     * is held) there is no probe: that operation publishes its states itself, and a Ready from here
     * could overtake its last step (a create making a variant's extensions). {@code nextCheck}: when a failed
     * probe asks Docker whether the container still runs at all.
     */
    private void probeStep(InstanceRecord record, EngineSpec engine, long deadline, long nextCheck) {
        if (closed) {
            return;
        }
        InstanceSnapshot now = service.snapshot(record);
        if (now.state() != InstanceState.STARTING && now.state() != InstanceState.UNHEALTHY) {
            probing.remove(record.id());
            waitingForLock.remove(record.id());
            return;
        }
        if (service.runtime().isLocked(record.id())) {
            // Its operation reports; once it is over (one that does not wait for Ready leaves Starting), probe again,
            // with the whole start-up time ahead.
            waitingForLock.add(record.id());
            long fresh = System.nanoTime() + engine.readyTimeout().toNanos();
            executor.schedule(() -> probeStep(record, engine, fresh, System.nanoTime() + CONTAINER_CHECK_NANOS),
                    LOCK_WAIT_MS, TimeUnit.MILLISECONDS);
            return;
        }
        waitingForLock.remove(record.id());
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
        long t = System.nanoTime();
        if (t >= nextCheck) {
            StateMapper.Mapped gone = notRunning(record);
            if (gone != null) {
                service.runtime().publish(record, gone.state(), gone.detail(), -1);
                probing.remove(record.id());
                return;
            }
            nextCheck = t + CONTAINER_CHECK_NANOS;
        }
        boolean late = t > deadline;
        if (late || result.outcome() == ProbeResult.Outcome.AUTH_FAILED) {
            service.runtime().publish(record, InstanceState.UNHEALTHY, result.message(), -1);
        }
        long next = nextCheck;
        executor.schedule(() -> probeStep(record, engine, deadline, next),
                late ? UNHEALTHY_RETRY_MS : ReadinessWaiter.PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The container's own state when it no longer runs, or null while it runs (or Docker cannot
     * say: the heartbeat reports that). A Starting that came late (an event or a list answered
     * before a stop) must not outlive the container.
     */
    private StateMapper.Mapped notRunning(InstanceRecord record) {
        java.util.Optional<io.dbdock.docker.ContainerState> container;
        try {
            container = docker.inspect(record.containerName());
        } catch (RuntimeException e) {
            return null;
        }
        if (container.isPresent() && container.get().running()) {
            return null;
        }
        StateMapper.Mapped gone = StateMapper.fromInspected(container);
        if (gone.state() == InstanceState.STARTING) {
            return null; // restarting
        }
        LOG.info("{} is no longer running ({}); it was shown as starting", record.name(),
                container.map(io.dbdock.docker.ContainerState::status).orElse("removed"));
        return gone;
    }

    /** Whether the instance's probe loop is waiting for an operation on it to end (for its unit test). */
    boolean isWaitingForLock(UUID id) {
        return waitingForLock.contains(id);
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
