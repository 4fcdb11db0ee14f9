package io.dbdock.instance;

import io.dbdock.common.Problem;
import io.dbdock.common.Remedy;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.PortConflictException;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.Endpoint;
import io.dbdock.ports.PortAllocator;
import io.dbdock.engine.ProbeKind;
import io.dbdock.probe.ReadinessProbe;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageManager;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every operation on instances stands on: the live states and the listeners told about
 * them, the per-instance locks (in this process and across processes), the records with their
 * engine, credentials and endpoint, and the container steps (create and start, wait for Ready,
 * stop, recreate). The service's entry points, recovery and the data operations all use it, so
 * none of them calls back up into another.
 */
final class InstanceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRuntime.class);
    static final int STOP_TIMEOUT_SECONDS = 20;
    private static final int PORT_RETRIES = 5;

    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final PortAllocator ports;
    private final Reservations reservations;
    private final InstanceContainers containers;
    private final DataRoot root;
    private final ReadinessWaiter readiness;
    private final Function<ProbeKind, ReadinessProbe> probes;
    private final Map<UUID, InstanceSnapshot> live = new ConcurrentHashMap<>();
    /** When each instance's state was last published, counted in publications (see {@link #changedSince}). */
    private final Map<UUID, Long> publishedAt = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong publications = new java.util.concurrent.atomic.AtomicLong();
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** When this process last finished changing each instance (wall clock, epoch nanoseconds; see {@link #changedByUsAfter}). */
    private final Map<UUID, Long> changeEndedAt = new ConcurrentHashMap<>();
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DockerStatus dockerStatus = DockerStatus.unknown();

    InstanceRuntime(EngineCatalog catalog, InstanceStore store, DockerGateway docker, StorageManager storage, PortAllocator ports,
                    Reservations reservations, InstanceContainers containers, DataRoot root,
                    Function<ProbeKind, ReadinessProbe> probes) {
        this.catalog = catalog;
        this.store = store;
        this.docker = docker;
        this.storage = storage;
        this.ports = ports;
        this.reservations = reservations;
        this.containers = containers;
        this.root = root;
        this.readiness = new ReadinessWaiter(docker);
        this.probes = probes;
    }

    /** The real client that proves the engine's server accepts a login (a stand-in one in unit tests). */
    ReadinessProbe probe(EngineSpec engine) {
        return probes.apply(engine.probe());
    }

    EngineCatalog catalog() {
        return catalog;
    }

    InstanceStore store() {
        return store;
    }

    DockerGateway docker() {
        return docker;
    }

    StorageManager storage() {
        return storage;
    }

    InstanceContainers containers() {
        return containers;
    }

    Reservations reservations() {
        return reservations;
    }

    PortAllocator ports() {
        return ports;
    }

    DataRoot root() {
        return root;
    }

    /** The instance is gone (deleted, or its creation undone): listeners are told even if they never saw it. */
    void removed(UUID id) {
        live.remove(id);
        listeners.forEach(l -> l.instanceRemoved(id));
    }

    /** Copies the instance's secret files into its container again (a changed password file, a file a newer dbdock reads). */
    void refreshSecrets(InstanceRecord r) {
        containers.refreshSecrets(r, engine(r), version(r), credentials(r));
    }

    /** A one-off message for every front end (what recovery did, say). */
    void notice(String text) {
        listeners.forEach(l -> l.notice(text));
    }

    void addListener(InstanceListener listener) {
        listeners.add(listener);
    }

    void removeListener(InstanceListener listener) {
        listeners.remove(listener);
    }

    DockerStatus dockerStatus() {
        return dockerStatus;
    }

    /** Tells listeners when Docker comes or goes (called by the state monitor). */
    void publishDocker(DockerStatus status) {
        if (!status.equals(dockerStatus)) {
            dockerStatus = status;
            listeners.forEach(l -> l.dockerChanged(status));
        }
    }

    /** The last known snapshot of every instance, without asking Docker. */
    List<InstanceSnapshot> snapshots() {
        List<InstanceSnapshot> result = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            result.add(live.getOrDefault(r.id(), new InstanceSnapshot(r, InstanceState.UNKNOWN, "", -1)));
        }
        return result;
    }

    /** Drops an instance from the live states and tells the listeners it is gone. */
    void forget(UUID id) {
        if (live.remove(id) != null) {
            listeners.forEach(l -> l.instanceRemoved(id));
        }
    }

    /** Finds an instance by name (any case) or by the start of its id. */
    InstanceRecord find(String nameOrId) {
        String key = nameOrId == null ? "" : nameOrId.trim();
        List<InstanceRecord> records = store.load();
        for (InstanceRecord r : records) {
            if (r.name().equalsIgnoreCase(key) || r.slug().equals(key)) {
                return r;
            }
        }
        List<InstanceRecord> byId = records.stream()
                .filter(r -> key.length() >= 4 && r.id().toString().startsWith(key.toLowerCase(Locale.ROOT))).toList();
        if (byId.size() == 1) {
            return byId.get(0);
        }
        List<String> names = records.stream().map(InstanceRecord::name).toList();
        String known = records.isEmpty() ? "There are no instances yet; create one with `dbdock create --engine postgres`."
                : "Known instances: " + String.join(", ", names) + ".";
        throw UserFacingException.notFound("No instance named '" + key + "'." + io.dbdock.common.Suggestions.didYouMean(key, names) + " " + known);
    }

    /** A mark to take before asking Docker for states; see {@link #changedSince}. */
    long mark() {
        return publications.get();
    }

    /**
     * Whether the instance's state was published after the mark: then it is newer than a list
     * Docker answered after the mark was taken (an event can overtake a slow list call), and the
     * list must not overwrite it.
     */
    boolean changedSince(UUID id, long mark) {
        return publishedAt.getOrDefault(id, 0L) > mark;
    }

    /** The instances this process has published a state for. */
    List<UUID> seenIds() {
        return List.copyOf(live.keySet());
    }

    /** What this process last published for the instance, or null if it never did. */
    InstanceSnapshot lastSeen(UUID id) {
        return live.get(id);
    }

    InstanceSnapshot snapshot(InstanceRecord r) {
        return live.getOrDefault(r.id(), new InstanceSnapshot(r, InstanceState.UNKNOWN, "", -1));
    }

    /** The instance's engine as it runs: with its variant's image and versions when it has one. */
    EngineSpec engine(InstanceRecord r) {
        EngineSpec base = catalog.find(r.engine()).orElseThrow(() -> UserFacingException.failed(
                "Instance '" + r.name() + "' uses the engine '" + r.engine() + "', which this dbdock does not know.", null));
        if (r.variant() == null) {
            return base;
        }
        return base.variant(r.variant()).map(base::withVariant).orElseThrow(() -> UserFacingException.failed(
                "Instance '" + r.name() + "' uses " + base.displayName() + " with '" + r.variant() + "', which this dbdock does not know.", null));
    }

    EngineVersion version(InstanceRecord r) {
        EngineSpec engine = engine(r);
        return engine.version(r.version()).orElseThrow(() -> UserFacingException.failed(
                "Instance '" + r.name() + "' uses " + engine.displayName() + " " + r.version()
                        + ", which this dbdock no longer offers.", null));
    }

    String password(InstanceRecord r) {
        return Secrets.read(Path.of(r.home()));
    }

    /** Host, port and credentials a client on this computer uses. */
    Endpoint endpoint(InstanceRecord r) {
        return endpoint(r, password(r));
    }

    /**
     * The same with the password given (stars for listings). An instance on an engine reached over SSH
     * is reached through a tunnel on this computer's 127.0.0.1, opened here on first use and kept while
     * the connection lives; before dbdock has connected, the port its tunnel takes when free.
     */
    Endpoint endpoint(InstanceRecord r, String password) {
        Credentials credentials = new Credentials(r.user(), password, r.database());
        if (reachedThroughTunnel(r)) {
            return new Endpoint("127.0.0.1", docker.reachablePort(r.port()), credentials);
        }
        return new Endpoint(InputRules.clientHost(r.bindAddress()), r.port(), credentials);
    }

    /**
     * host:port for listings: the tunnel's port here once one is open for an instance reached over SSH (a
     * program here may hold the published port, and the tunnel then takes another), else the recorded
     * address. Never waits for a connection: the window asks it on its UI thread as rows change.
     */
    String address(InstanceRecord r) {
        // Not asked whether the engine is tunnelled: that may read the context store, and an engine
        // without tunnels has none open anyway.
        if (r.place() != null) {
            java.util.OptionalInt tunnel = docker.openTunnel(r.place(), r.port());
            if (tunnel.isPresent()) {
                return "127.0.0.1:" + tunnel.getAsInt();
            }
        }
        return InputRules.recordedAddress(r);
    }

    /** An instance on the engine dbdock uses, which is reached over SSH: its port comes back through a tunnel. */
    boolean reachedThroughTunnel(InstanceRecord r) {
        return r.place() != null && docker.tunnelled() && r.livesOn(docker.quickPlace());
    }

    String image(InstanceRecord r) {
        return containers.image(engine(r), version(r));
    }

    String image(EngineSpec engine, EngineVersion version) {
        return containers.image(engine, version);
    }

    /** Creates and starts the container; an automatically chosen port that turns out taken is replaced. */
    InstanceRecord createAndStart(InstanceRecord record, EngineSpec engine, EngineVersion version,
                                          boolean portIsOurs, Consumer<InstanceSnapshot> progress) {
        Credentials credentials = credentials(record);
        for (int attempt = 1; ; attempt++) {
            publish(record, InstanceState.STARTING, "", -1, progress);
            String id = containers.create(record, engine, version, credentials);
            try {
                docker.start(id);
                return record;
            } catch (PortConflictException e) {
                docker.remove(id);
                if (!portIsOurs || attempt >= PORT_RETRIES) {
                    throw portTaken(record, e);
                }
                LOG.info("Port {} was taken meanwhile; choosing another for {}", record.port(), record.name());
                record = reservations.movePort(record, engine.containerPort(), null);
            }
        }
    }

    /** For a new instance (undone when it fails): what holds the port, and no offer to move an instance that is gone. */
    UserFacingException portTaken(InstanceRecord r, Exception cause) {
        return portTaken(r, cause, false);
    }

    /** For an existing instance: what holds its port, with the offer of a free one (a button in the window). */
    UserFacingException portTakenOfferingMove(InstanceRecord r, Exception cause) {
        return portTaken(r, cause, true);
    }

    private UserFacingException portTaken(InstanceRecord r, Exception cause, boolean offerMove) {
        String why = "another program is listening on port " + r.port();
        Remedy move = null;
        try {
            Reservations.TakenPort taken = reservations.takenPort(r, engine(r).containerPort());
            why = taken.why().orElse(why);
            move = offerMove ? new Remedy.MovePort(r.id(), r.name(), taken.freePort()) : null;
        } catch (RuntimeException e) {
            LOG.info("Cannot say more about the taken port of {}: {}", r.name(), e.toString());
        }
        return new UserFacingException(Problem.CONFLICT, "'" + r.name() + "' cannot start on " + r.bindAddress() + ": " + why + ".",
                cause, move);
    }

    static String quoteName(String name) {
        return name.contains(" ") ? "\"" + name + "\"" : name;
    }

    static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not {} during roll-back: {}", what, e.toString());
        }
    }

    InstanceSnapshot awaitReady(InstanceRecord record, Consumer<InstanceSnapshot> progress) {
        return awaitReady(record, progress, () -> { });
    }

    /** The same, running {@code beforeReady} once the server accepts the login and before Ready is announced. */
    InstanceSnapshot awaitReady(InstanceRecord record, Consumer<InstanceSnapshot> progress, Runnable beforeReady) {
        EngineSpec engine = engine(record);
        StateMapper.Mapped result = readiness.await(record.containerName(), probe(engine),
                endpoint(record), engine.readyTimeout());
        if (result.state() == InstanceState.READY) {
            beforeReady.run();
        }
        return publish(record, result.state(), result.detail(), -1, progress);
    }

    /** Starts an instance whose lock the caller holds. */
    InstanceSnapshot startHeld(InstanceRecord record, boolean waitReady) {
        InstanceRecord r = store.load().stream().filter(x -> x.id().equals(record.id())).findFirst().orElse(record);
        var state = docker.inspect(r.containerName());
        if (state.isPresent() && state.get().running()) {
            return waitReady ? awaitReady(r, null) : snapshot(r);
        }
        storage.requireUsableData(r);
        Optional<String> taken = ports.whyTaken(r.port(), r.bindAddress(), Set.of(), docker.publishedHostPorts());
        if (taken.isPresent()) {
            throw portTakenOfferingMove(r, null);
        }
        if (state.isEmpty()) {
            LOG.info("Container of {} is missing; recreating it on the same data", r.name());
            createAndStart(r, engine(r), version(r), false, null);
        } else {
            publish(r, InstanceState.STARTING, "", -1, null);
            refreshSecrets(r);
            try {
                docker.start(r.containerName());
            } catch (PortConflictException e) {
                publish(r, InstanceState.STOPPED, "", -1, null);
                throw portTakenOfferingMove(r, e);
            }
        }
        return waitReady ? awaitReady(r, null) : publish(r, InstanceState.STARTING, "", -1, null);
    }

    boolean isRunning(InstanceRecord record) {
        return docker.inspect(record.containerName()).map(c -> c.running()).orElse(false);
    }

    /** A new container for a changed record on the same data; started again if the old one ran. */
    InstanceSnapshot recreate(InstanceRecord moved, boolean wasRunning, boolean portIsOurs, boolean waitReady) {
        docker.remove(moved.containerName());
        EngineSpec engine = engine(moved);
        EngineVersion version = version(moved);
        if (!wasRunning) {
            containers.create(moved, engine, version, credentials(moved));
            return publish(moved, InstanceState.STOPPED, "", -1);
        }
        InstanceRecord started = createAndStart(moved, engine, version, portIsOurs, null);
        return waitReady ? awaitReady(started, null) : publish(started, InstanceState.STARTING, "", -1);
    }

    /** A clean shutdown first (the server flushes its data), then the container goes. */
    void stopAndRemove(InstanceRecord record) {
        // Empty when the container is gone, or when the name now belongs to a container dbdock did not make.
        var ours = docker.inspect(record.containerName());
        if (ours.isEmpty()) {
            return;
        }
        if (ours.get().running()) {
            docker.stop(record.containerName(), STOP_TIMEOUT_SECONDS);
        }
        docker.remove(record.containerName());
    }

    static InstanceRecord replace(List<InstanceRecord> records, UUID id, java.util.function.UnaryOperator<InstanceRecord> change) {
        InstanceRecord[] changed = new InstanceRecord[1];
        records.replaceAll(r -> {
            if (r.id().equals(id)) {
                changed[0] = change.apply(r);
                return changed[0];
            }
            return r;
        });
        if (changed[0] == null) {
            throw UserFacingException.notFound("The instance was deleted meanwhile.");
        }
        return changed[0];
    }

    InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress) {
        return publish(r, state, detail, progress, null);
    }

    InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress,
                                     Consumer<InstanceSnapshot> progressListener) {
        InstanceSnapshot snap = new InstanceSnapshot(r, state, detail, progress);
        InstanceSnapshot old = live.put(r.id(), snap);
        publishedAt.put(r.id(), publications.incrementAndGet());
        if (old == null || old.state() != state) {
            RefusedLogins.remember(r, state, detail);
        }
        if (!snap.equals(old)) {
            if (progressListener != null) {
                progressListener.accept(snap);
            }
            for (InstanceListener l : listeners) {
                try {
                    l.instanceChanged(snap);
                } catch (RuntimeException e) {
                    LOG.warn("An instance listener failed: {}", e.toString());
                }
            }
        }
        return snap;
    }

    /** Who connects: the record's user and database with the stored password (read from its file). */
    Credentials credentials(InstanceRecord r) {
        return new Credentials(r.user(), password(r), r.database());
    }

    /** The instance as stored now (another process may have changed it), or a plain error if it is gone. */
    InstanceRecord current(InstanceRecord r) {
        InstanceRecord now = recordById(r.id());
        if (now == null) {
            throw UserFacingException.notFound("'" + r.name() + "' no longer exists.");
        }
        return now;
    }

    /** Stops an instance's container (the caller holds its lock) and says so. */
    InstanceSnapshot stopHeld(InstanceRecord r) {
        docker.stop(r.containerName(), STOP_TIMEOUT_SECONDS);
        return publish(r, InstanceState.STOPPED, "", -1);
    }

    InstanceRecord recordById(UUID id) {
        return store.load().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }

    boolean isLocked(UUID id) {
        ReentrantLock l = locks.get(id);
        return l != null && l.isLocked();
    }

    ReentrantLock lock(UUID id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    /** How long a change waits for another process's change of the same instance (a create may pull an image). */
    static final java.time.Duration CROSS_PROCESS_WAIT = java.time.Duration.ofMinutes(15);

    <T> T withLock(InstanceRecord r, Supplier<T> action) {
        checkLivesHere(r);
        ReentrantLock l = lock(r.id());
        l.lock();
        try (InstanceFileLock across = InstanceFileLock.acquire(root, r.id(), r.name(), CROSS_PROCESS_WAIT)) {
            return action.get();
        } finally {
            changeEndedAt.put(r.id(), epochNanos());
            l.unlock();
        }
    }

    /**
     * Whether this process finished a change of the instance after the moment given (a Docker event's time):
     * that change published its own states, so the event is old news. Docker can deliver a restart's "die"
     * after the restart is over; applied then, it would show Stopped over a running server.
     */
    boolean changedByUsAfter(UUID id, long epochNanos) {
        Long ended = changeEndedAt.get(id);
        return ended != null && epochNanos > 0 && epochNanos <= ended;
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Refuses any change of an instance that lives on another engine than the one dbdock talks to
     * now: done here it would make its container again, on storage of this engine (an empty volume).
     * When the engine cannot be asked, the change itself says so (a rename needs no engine).
     */
    void checkLivesHere(InstanceRecord r) {
        if (r.place() == null) {
            return;
        }
        io.dbdock.model.EnginePlace here;
        try {
            here = docker.place();
        } catch (io.dbdock.docker.DockerUnavailableException e) {
            return;
        }
        if (!r.livesOn(here)) {
            throw new UserFacingException(Problem.CONFLICT, elsewhere(r, here), null,
                    new Remedy.UseEngine(r.place().context()));
        }
    }

    /** Why a change of an instance on another engine is refused. */
    static String elsewhere(InstanceRecord r, io.dbdock.model.EnginePlace here) {
        return r.name() + " lives on " + r.place().describe() + "; dbdock is using " + here.describe() + " now.";
    }

    /** What its row shows beside "Other engine": where it is first, for a narrow column. */
    static String elsewhereDetail(InstanceRecord r, io.dbdock.model.EnginePlace here) {
        return "On " + r.place().shortName() + "; dbdock uses " + here.shortName() + " now.";
    }

    static void check(String problem) {
        if (problem != null) {
            throw UserFacingException.invalid(problem);
        }
    }

    /** Deletes an instance whose lock the caller holds: container, record and, when asked, data. */
    Optional<String> deleteHeld(InstanceRecord record, boolean deleteData, Interrupted interrupted) {
        if (deleteData) {
            storage.requireDeletableData(record);
        }
        interrupted.mark(record.id(), Interrupted.Step.DELETING, deleteData);
        publish(record, InstanceState.STOPPING, "", -1);
        stopAndRemove(record);
        Checkpoints.reached("delete:container");
        if (deleteData) {
            storage.deleteData(record, image(record));
        }
        Checkpoints.reached("delete:data");
        store.update(records -> records.removeIf(r -> r.id().equals(record.id())));
        interrupted.clear(record.id());
        removed(record.id());
        LOG.info("Deleted instance {} ({})", record.name(), deleteData ? "with its data" : "data kept");
        return deleteData ? Optional.<String>empty() : Optional.of(record.storageLocation());
    }
}
