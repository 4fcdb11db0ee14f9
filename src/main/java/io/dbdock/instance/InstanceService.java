package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupSchedule;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.Platform;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.DockerInfo;
import io.dbdock.docker.DockerStream;
import io.dbdock.docker.Labels;
import io.dbdock.docker.PortConflictException;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.ports.PortAllocator;
import io.dbdock.probe.Probes;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageEntry;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageMarker;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.Settings;
import io.dbdock.store.StorageKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that changes instances. Window, tray and CLI call it and observe its events.
 * Operations on one instance are serialized; record changes go through the store's file lock.
 */
public final class InstanceService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceService.class);
    private static final int STOP_TIMEOUT_SECONDS = 20;
    private static final int PORT_RETRIES = 5;
    /** A record this young without a container is still being created (by another process). */
    private static final java.time.Duration BEING_CREATED = java.time.Duration.ofMinutes(2);
    /** Longer than any helper may run (its deadline is 6 minutes). */
    private static final java.time.Duration ABANDONED_HELPER = java.time.Duration.ofMinutes(10);

    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final Settings settings;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final PortAllocator ports = new PortAllocator();
    private final Reservations reservations;
    private final InstanceContainers containers;
    private final DataRoot root;
    private volatile String adoptionNotice;
    private final Interrupted interrupted;
    private final ReadinessWaiter readiness;
    private final DataOperations data;
    private final Map<UUID, InstanceSnapshot> live = new ConcurrentHashMap<>();
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();
    private volatile DockerStatus dockerStatus = DockerStatus.unknown();

    public InstanceService(EngineCatalog catalog, InstanceStore store, Settings settings, DockerGateway docker, DataRoot root) {
        this(catalog, store, settings, docker, root, ImageResolver.fromEnvironment(settings.imageRepositories()));
    }

    public InstanceService(EngineCatalog catalog, InstanceStore store, Settings settings, DockerGateway docker, DataRoot root,
                           ImageResolver images) {
        this.catalog = catalog;
        this.store = store;
        this.settings = settings;
        this.docker = docker;
        this.storage = new StorageManager(root, docker);
        this.containers = new InstanceContainers(docker, images, root.id());
        this.root = root;
        this.interrupted = new Interrupted(root);
        this.readiness = new ReadinessWaiter(docker);
        this.reservations = new Reservations(store, storage, docker, ports);
        this.data = new DataOperations(this, catalog, store, docker, storage, containers, interrupted, root);
    }

    // ---- observing -------------------------------------------------------------------------

    public void addListener(InstanceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(InstanceListener listener) {
        listeners.remove(listener);
    }

    public EngineCatalog catalog() {
        return catalog;
    }

    public DockerInfo dockerInfo() {
        return docker.info();
    }

    public DockerStatus dockerStatus() {
        return dockerStatus;
    }

    /** Tells listeners when Docker comes or goes (called by the state monitor). */
    void publishDocker(DockerStatus status) {
        if (!status.equals(dockerStatus)) {
            dockerStatus = status;
            listeners.forEach(l -> l.dockerChanged(status));
        }
    }

    /** The port a new instance of this engine would get now (Docker and socket checks: not for the FX thread). */
    public int suggestPort(String engineId, String bindAddress) {
        EngineSpec engine = catalog.find(engineId).orElseThrow(() -> UserFacingException.invalid("Unknown engine '" + engineId + "'."));
        Set<Integer> reserved = store.load().stream().map(InstanceRecord::port).collect(Collectors.toSet());
        return ports.allocate(engine.containerPort(), bindAddress, reserved, docker.publishedHostPorts());
    }

    /** Why a port cannot be given to a new instance now, or empty when it is free. */
    public Optional<String> portProblem(int port, String bindAddress) {
        String invalid = InputRules.portProblem(port);
        if (invalid != null) {
            return Optional.of(invalid);
        }
        return ports.whyTaken(port, bindAddress, Reservations.holders(store.load()), docker.publishedHostPorts());
    }

    /** Said once after the store had to be recovered from its backup. */
    public Optional<String> storeNotice() {
        List<String> notes = new ArrayList<>();
        store.recoveryNotice().ifPresent(notes::add);
        Optional.ofNullable(adoptionNotice).ifPresent(notes::add);
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", notes));
    }

    /** The last known snapshot of every instance, without asking Docker. */
    public List<InstanceSnapshot> snapshots() {
        List<InstanceSnapshot> result = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            result.add(live.getOrDefault(r.id(), new InstanceSnapshot(r, InstanceState.UNKNOWN, "", -1)));
        }
        return result;
    }

    /**
     * Asks Docker once (one list call) for every instance's container and, when {@code probe} is
     * set, checks the running ones for readiness in parallel. Returns the updated snapshots.
     */
    public List<InstanceSnapshot> refresh(boolean probe) {
        List<InstanceRecord> records = store.load();
        List<ContainerSummary> managed = docker.listManaged();
        if (!adoptOrphans(records, managed).isEmpty()) {
            records = store.load();
        }
        if (resumeInterrupted(records, managed)) {
            records = store.load();
            managed = docker.listManaged();
        }
        forgetVanished(records);
        removeAbandonedHelpers(managed);
        Map<String, ContainerSummary> byInstance = new HashMap<>();
        for (ContainerSummary c : managed) {
            String id = c.label(Labels.INSTANCE);
            if (id != null && !"helper".equals(c.label(Labels.ROLE))) {
                byInstance.put(id, c);
            }
        }
        List<InstanceSnapshot> result = new ArrayList<>();
        List<Runnable> probes = new ArrayList<>();
        for (InstanceRecord r : records) {
            if (isLocked(r.id())) {
                result.add(live.getOrDefault(r.id(), new InstanceSnapshot(r, InstanceState.UNKNOWN, "", -1)));
                continue;
            }
            ContainerSummary container = byInstance.get(r.id().toString());
            InstanceSnapshot previous = live.get(r.id());
            // A fresh record without a container is being made elsewhere, unless this process saw it exist already.
            boolean seenBefore = previous != null && previous.state() != InstanceState.CREATING
                    && previous.state() != InstanceState.PULLING && previous.state() != InstanceState.UNKNOWN;
            StateMapper.Mapped mapped = container == null && !seenBefore && r.createdAt().isAfter(Instant.now().minus(BEING_CREATED))
                    ? new StateMapper.Mapped(InstanceState.CREATING, "Being created by another dbdock window or command.")
                    : StateMapper.fromContainer(container);
            if (mapped.state() == InstanceState.STARTING && previous != null
                    && (previous.state() == InstanceState.READY || previous.state() == InstanceState.UNHEALTHY)) {
                mapped = new StateMapper.Mapped(previous.state(), previous.detail());
            }
            InstanceSnapshot snap = publish(r, mapped.state(), mapped.detail(), -1);
            result.add(snap);
            if (probe && mapped.state() == InstanceState.STARTING) {
                probes.add(() -> probeOnce(r));
            }
        }
        runInParallel(probes);
        return result.stream().map(s -> live.getOrDefault(s.record().id(), s)).collect(Collectors.toList());
    }

    /**
     * A helper container whose dbdock died before removing it (it removes its own helpers, with
     * their anonymous volumes, as soon as they end). Only long-finished ones: a helper that just
     * ended may still be read by the process that started it.
     */
    private void removeAbandonedHelpers(List<ContainerSummary> managed) {
        Instant before = Instant.now().minus(ABANDONED_HELPER);
        for (ContainerSummary c : managed) {
            if ("helper".equals(c.label(Labels.ROLE)) && !"running".equals(c.state()) && createdBefore(c, before)) {
                attempt("remove a helper container left behind", () -> docker.remove(c.id()));
            }
        }
    }

    private static boolean createdBefore(ContainerSummary c, Instant before) {
        try {
            return Instant.parse(c.label(Labels.CREATED)).isBefore(before);
        } catch (RuntimeException unknown) {
            return true; // made before helpers carried the label: long ago
        }
    }

    /**
     * Containers of this data root whose instance is not in the list (the list was lost or
     * damaged, or restored from an older backup): their labels rebuild the record, and the
     * password is still in the instance's own folder. Returns the names taken back.
     */
    private List<String> adoptOrphans(List<InstanceRecord> records, List<ContainerSummary> managed) {
        Set<String> known = records.stream().map(r -> r.id().toString()).collect(Collectors.toSet());
        List<InstanceRecord> found = new ArrayList<>();
        for (ContainerSummary c : managed) {
            String id = c.label(Labels.INSTANCE);
            if (id != null && !known.contains(id) && root.id().equals(c.label(Labels.ROOT)) && !"helper".equals(c.label(Labels.ROLE))) {
                fromLabels(c).ifPresent(found::add);
            }
        }
        if (found.isEmpty()) {
            return List.of();
        }
        List<String> added = store.update(list -> {
            List<String> names = new ArrayList<>();
            for (InstanceRecord f : found) {
                boolean clash = list.stream().anyMatch(r -> r.id().equals(f.id()) || r.slug().equals(f.slug())
                        || r.name().equalsIgnoreCase(f.name()));
                if (!clash) {
                    list.add(f);
                    names.add(f.name());
                }
            }
            return names;
        });
        if (!added.isEmpty()) {
            String text = "dbdock found " + added.size() + " instance(s) missing from its list and took them back from "
                    + "their containers: " + String.join(", ", added) + ".";
            adoptionNotice = text;
            LOG.warn(text);
            listeners.forEach(l -> l.notice(text));
        }
        return added;
    }

    private Optional<InstanceRecord> fromLabels(ContainerSummary c) {
        try {
            UUID id = UUID.fromString(c.label(Labels.INSTANCE));
            String name = c.label(Labels.NAME);
            String slug = c.label(Labels.SLUG) != null ? c.label(Labels.SLUG) : c.name().replaceFirst("^dbdock-", "");
            EngineSpec engine = catalog.find(c.label(Labels.ENGINE)).orElseThrow();
            String storageLabel = c.label(Labels.STORAGE);
            int colon = storageLabel.indexOf(':');
            StorageKind kind = StorageKind.valueOf(storageLabel.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
            Path home = root.instancesDir().resolve(slug);
            if (!java.nio.file.Files.isRegularFile(home.resolve(Secrets.FILE_NAME))) {
                LOG.warn("Container {} belongs to a lost instance, but its password file in {} is gone; not taking it back",
                        c.name(), home);
                return Optional.empty();
            }
            Instant created = c.label(Labels.CREATED) != null ? Instant.parse(c.label(Labels.CREATED)) : Instant.now();
            return Optional.of(new InstanceRecord(id, name, slug, engine.id(), c.label(Labels.VERSION),
                    Integer.parseInt(c.label(Labels.PORT)), c.label(Labels.BIND), kind, storageLabel.substring(colon + 1),
                    home.toString(), engine.defaultUser(), engine.defaultDatabase(), created, false));
        } catch (RuntimeException e) {
            LOG.warn("Container {} has incomplete dbdock labels ({}); not taking it back", c.name(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Creates and deletes whose dbdock died half-way (their marker is there, nobody holds the
     * instance's lock): a create whose container runs is kept, any other is rolled back; a delete
     * is finished. The user is told which. Returns true when something changed.
     */
    private boolean resumeInterrupted(List<InstanceRecord> records, List<ContainerSummary> managed) {
        Map<UUID, Interrupted.Marker> pending = interrupted.pending();
        if (pending.isEmpty()) {
            return false;
        }
        List<String> said = new ArrayList<>();
        Set<UUID> known = records.stream().map(InstanceRecord::id).collect(Collectors.toSet());
        pending.keySet().stream().filter(id -> !known.contains(id) && !isLocked(id)).forEach(this::dropStrayMarker);
        for (InstanceRecord r : records) {
            Optional<Interrupted.Marker> marker = Optional.ofNullable(pending.get(r.id()));
            if (marker.isEmpty() || isLocked(r.id())) {
                continue;
            }
            InstanceFileLock free;
            try {
                free = InstanceFileLock.acquire(root, r.id(), r.name(), java.time.Duration.ZERO);
            } catch (UserFacingException stillRunning) {
                continue; // its dbdock is alive and still at it
            }
            try (free) {
                if (interrupted.find(r.id()).isEmpty()) {
                    continue; // finished between the two looks
                }
                said.add(resume(r, marker.get(), managed));
            } catch (RuntimeException e) {
                LOG.warn("Could not finish the interrupted change of {}: {}", r.name(), e.getMessage());
            }
        }
        if (said.isEmpty()) {
            return false;
        }
        String text = String.join(" ", said);
        adoptionNotice = adoptionNotice == null ? text : adoptionNotice + " " + text;
        LOG.warn(text);
        listeners.forEach(l -> l.notice(text));
        return true;
    }

    /**
     * A marker without a record: a create killed before it wrote its record. Nothing was made yet,
     * so the marker just goes, once its dbdock is surely gone and the record is surely not there.
     */
    private void dropStrayMarker(UUID id) {
        try (InstanceFileLock free = InstanceFileLock.acquire(root, id, id.toString(), java.time.Duration.ZERO)) {
            if (store.load().stream().noneMatch(r -> r.id().equals(id))) {
                interrupted.clear(id);
                LOG.info("Removed the marker of a create that stopped before it began ({})", id);
            }
        } catch (UserFacingException stillRunning) {
            // its dbdock is alive and about to write the record
        }
    }

    private String resume(InstanceRecord r, Interrupted.Marker marker, List<ContainerSummary> managed) {
        boolean running = managed.stream().anyMatch(c -> r.id().toString().equals(c.label(Labels.INSTANCE))
                && "running".equals(c.state()));
        if (marker.step() == Interrupted.Step.CREATING && running) {
            interrupted.clear(r.id());
            return "The creation of '" + r.name() + "' was interrupted after its database started; dbdock kept it.";
        }
        if (marker.step() == Interrupted.Step.REPLACING) {
            // The record names the data the instance had before (or, if the switch was written, the new
            // one): its container goes back onto that; the unfinished copy stays aside, nothing is deleted.
            stopAndRemove(r);
            createAndStart(r, engine(r), version(r), false, null);
            interrupted.clear(r.id());
            return "A restore or upgrade of '" + r.name() + "' was interrupted; dbdock put it back on its data ("
                    + r.engine() + " " + r.version() + "). An unfinished copy may be left under storage (dbdock storage list).";
        }
        if (marker.step() == Interrupted.Step.CREATING) {
            stopAndRemove(r);
            if (!marker.flag()) {
                storage.deleteData(r, image(r));
            }
            store.update(list -> list.removeIf(x -> x.id().equals(r.id())));
            interrupted.clear(r.id());
            forget(r.id());
            return "The creation of '" + r.name() + "' was interrupted; dbdock removed what it had made.";
        }
        stopAndRemove(r);
        if (marker.flag()) {
            storage.deleteData(r, image(r));
        }
        store.update(list -> list.removeIf(x -> x.id().equals(r.id())));
        interrupted.clear(r.id());
        forget(r.id());
        return "The deletion of '" + r.name() + "' was interrupted; dbdock finished it.";
    }

    /** Instances another dbdock process deleted: their records are gone from the store. */
    private void forgetVanished(List<InstanceRecord> records) {
        Set<UUID> known = records.stream().map(InstanceRecord::id).collect(Collectors.toSet());
        for (UUID id : List.copyOf(live.keySet())) {
            if (!known.contains(id) && !isLocked(id)) {
                forget(id);
            }
        }
    }

    /** Drops an instance from the live states and tells the listeners it is gone. */
    void forget(UUID id) {
        if (live.remove(id) != null) {
            listeners.forEach(l -> l.instanceRemoved(id));
        }
    }

    private void probeOnce(InstanceRecord r) {
        EngineSpec engine = engine(r);
        var result = Probes.forKind(engine.probe()).check(endpoint(r));
        switch (result.outcome()) {
            case READY -> publish(r, InstanceState.READY, "", -1);
            case AUTH_FAILED -> publish(r, InstanceState.UNHEALTHY, result.message(), -1);
            case NOT_READY -> publish(r, InstanceState.STARTING, result.message(), -1);
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

    /** Finds an instance by name (any case) or by the start of its id. */
    public InstanceRecord find(String nameOrId) {
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
        String known = records.isEmpty() ? "There are no instances yet; create one with `dbdock create --engine postgres`."
                : "Known instances: " + records.stream().map(InstanceRecord::name).collect(Collectors.joining(", ")) + ".";
        throw UserFacingException.notFound("No instance named '" + key + "'. " + known);
    }

    public InstanceSnapshot snapshot(InstanceRecord r) {
        return live.getOrDefault(r.id(), new InstanceSnapshot(r, InstanceState.UNKNOWN, "", -1));
    }

    // ---- connection details ------------------------------------------------------------------

    public EngineSpec engine(InstanceRecord r) {
        return catalog.find(r.engine()).orElseThrow(() -> UserFacingException.failed(
                "Instance '" + r.name() + "' uses the engine '" + r.engine() + "', which this dbdock does not know.", null));
    }

    public EngineVersion version(InstanceRecord r) {
        EngineSpec engine = engine(r);
        return engine.version(r.version()).orElseThrow(() -> UserFacingException.failed(
                "Instance '" + r.name() + "' uses " + engine.displayName() + " " + r.version()
                        + ", which this dbdock no longer offers.", null));
    }

    public String password(InstanceRecord r) {
        return Secrets.read(Path.of(r.home()));
    }

    /** Host, port and credentials a client on this computer uses. */
    public Endpoint endpoint(InstanceRecord r) {
        return new Endpoint(InputRules.clientHost(r.bindAddress()), r.port(),
                new Credentials(r.user(), password(r), r.database()));
    }

    public String image(InstanceRecord r) {
        return containers.image(engine(r), version(r));
    }

    /** The command that opens the engine's client inside the container. */
    public List<String> shellCommand(InstanceRecord r) {
        List<String> cmd = new ArrayList<>(List.of("docker", "exec", "-it", r.containerName()));
        cmd.addAll(engine(r).clientCommand(new Credentials(r.user(), "", r.database())));
        return cmd;
    }

    // ---- create ----------------------------------------------------------------------------

    /** What create did besides the obvious: e.g. "reused the data kept at ...". */
    public record Created(InstanceSnapshot snapshot, List<String> notes) {
    }

    public Created create(CreateRequest request, Consumer<InstanceSnapshot> progress) {
        EngineSpec engine = catalog.find(request.engine()).orElseThrow(() -> UserFacingException.invalid(
                "Unknown engine '" + request.engine() + "'. Choose one of: "
                        + catalog.all().stream().map(EngineSpec::id).collect(Collectors.joining(", ")) + "."));
        EngineVersion version = request.version() == null ? engine.defaultEngineVersion()
                : engine.version(request.version()).orElseThrow(() -> UserFacingException.invalid(
                engine.displayName() + " has no version '" + request.version() + "' here. Available: "
                        + engine.versions().stream().map(EngineVersion::version).collect(Collectors.joining(", ")) + "."));
        String bind = request.bindAddress() == null ? "127.0.0.1" : request.bindAddress().trim();
        check(InputRules.bindAddressProblem(bind));
        if (request.port() != null) {
            check(InputRules.portProblem(request.port()));
        }
        if (request.name() != null) {
            check(InputRules.nameProblem(request.name()));
        }
        if (request.password() != null) {
            check(InputRules.passwordProblem(engine, request.password()));
        }
        StorageKind kind = request.storage() != null ? request.storage() : defaultStorage();
        docker.info(); // Fail before touching anything when Docker is not there.

        List<String> notes = new ArrayList<>();
        // Locked and marked before the record exists: whenever this process dies from here on, the
        // next dbdock rolls the create back, and no other one can mistake it for an interrupted one.
        UUID id = UUID.randomUUID();
        lock(id).lock();
        InstanceFileLock across = InstanceFileLock.acquire(root, id, request.name() != null ? request.name() : engine.displayName(),
                CROSS_PROCESS_WAIT);
        InstanceRecord record = null;
        try {
            Reservations.Reservation reservation;
            interrupted.mark(id, Interrupted.Step.CREATING, true); // "keeps data" until it is known that none is reused
            Interrupted.haltIfAsked("create:marked");
            try {
                reservation = reservations.reserve(id, request, engine, version, bind, kind, notes);
            } catch (RuntimeException e) {
                interrupted.clear(id);
                throw e;
            }
            record = reservation.record();
            Path home = Path.of(record.home());
            Interrupted.haltIfAsked("create:recorded");
            interrupted.mark(id, Interrupted.Step.CREATING, reservation.reusedData());
            Interrupted.haltIfAsked("create:reserved");
            publish(record, InstanceState.CREATING, "", -1, progress);
            try {
                if (!reservation.reusedData()) {
                    storage.createHome(home, new StorageMarker(engine.id(), version.version(), kind, record.storageLocation(),
                            record.createdAt()));
                    Secrets.write(home, reservation.password());
                }
                storage.prepareData(home, kind, record.slug(), containers.labels(record));
                Interrupted.haltIfAsked("create:storage");
                InstanceRecord pulling = record;
                containers.ensureImage(engine, version,
                        percent -> {
                            if (percent > 0) {
                                Interrupted.haltIfAsked("create:pulling");
                            }
                            publish(pulling, InstanceState.PULLING, containers.image(engine, version), percent, progress);
                        });
                Interrupted.haltIfAsked("create:image");
                record = createAndStart(record, engine, version, request.port() == null, progress);
                Interrupted.haltIfAsked("create:started");
            } catch (RuntimeException e) {
                rollBack(record, reservation.reusedData(), engine, version);
                interrupted.clear(record.id());
                throw e;
            }
            interrupted.clear(record.id());
            InstanceSnapshot result = request.waitReady()
                    ? awaitReady(record, progress)
                    : publish(record, InstanceState.STARTING, "", -1, progress);
            LOG.info("Created instance {} ({} {}) on port {}", record.name(), engine.id(), version.version(), record.port());
            return new Created(result, notes);
        } finally {
            across.close();
            lock(id).unlock();
        }
    }

    private StorageKind defaultStorage() {
        String configured = settings.defaultStorage();
        if ("volume".equalsIgnoreCase(configured)) {
            return StorageKind.VOLUME;
        }
        if ("folder".equalsIgnoreCase(configured)) {
            return StorageKind.FOLDER;
        }
        return StorageKind.defaultFor(Platform.current());
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

    private UserFacingException portTaken(InstanceRecord r, Exception cause) {
        return new UserFacingException(Problem.CONFLICT, "Port " + r.port() + " on " + r.bindAddress()
                + " is in use by another program, so '" + r.name() + "' cannot start. Stop that program, or give the instance "
                + "a new port with: dbdock port " + quoteName(r.name()) + " --reassign", cause);
    }

    static String quoteName(String name) {
        return name.contains(" ") ? "\"" + name + "\"" : name;
    }

    private void rollBack(InstanceRecord record, boolean reusedData, EngineSpec engine, EngineVersion version) {
        LOG.info("Rolling back the creation of {}", record.name());
        attempt("remove the container", () -> stopAndRemove(record)); // ours only: a foreign one with the name stays
        if (!reusedData) {
            attempt("remove the new storage", () -> storage.deleteData(record, containers.image(engine, version)));
        }
        attempt("forget the record", () -> store.update(records -> records.removeIf(r -> r.id().equals(record.id()))));
        live.remove(record.id());
        listeners.forEach(l -> l.instanceRemoved(record.id()));
    }

    static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not {} during roll-back: {}", what, e.toString());
        }
    }

    InstanceSnapshot awaitReady(InstanceRecord record, Consumer<InstanceSnapshot> progress) {
        EngineSpec engine = engine(record);
        StateMapper.Mapped result = readiness.await(record.containerName(), Probes.forKind(engine.probe()),
                endpoint(record), engine.readyTimeout());
        return publish(record, result.state(), result.detail(), -1, progress);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Starts an instance (recreating its container if it went missing) and, if asked, waits until Ready. */
    public InstanceSnapshot start(String nameOrId, boolean waitReady) {
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> startHeld(record, waitReady));
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
            throw portTaken(r, null);
        }
        if (state.isEmpty()) {
            LOG.info("Container of {} is missing; recreating it on the same data", r.name());
            createAndStart(r, engine(r), version(r), false, null);
        } else {
            publish(r, InstanceState.STARTING, "", -1, null);
            containers.refreshSecrets(r, engine(r), version(r), credentials(r));
            try {
                docker.start(r.containerName());
            } catch (PortConflictException e) {
                publish(r, InstanceState.STOPPED, "", -1, null);
                throw portTaken(r, e);
            }
        }
        return waitReady ? awaitReady(r, null) : publish(r, InstanceState.STARTING, "", -1, null);
    }

    public InstanceSnapshot stop(String nameOrId) {
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            if (docker.inspect(record.containerName()).isEmpty()) {
                return publish(record, InstanceState.MISSING, StateMapper.fromContainer(null).detail(), -1);
            }
            publish(record, InstanceState.STOPPING, "", -1);
            docker.stop(record.containerName(), STOP_TIMEOUT_SECONDS);
            return publish(record, InstanceState.STOPPED, "", -1);
        });
    }

    public InstanceSnapshot restart(String nameOrId, boolean waitReady) {
        stop(nameOrId);
        return start(nameOrId, waitReady);
    }

    /** Where the data stays after a delete that keeps it, or empty when it was deleted. */
    public Optional<String> delete(String nameOrId, boolean deleteData) {
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            if (deleteData) {
                storage.requireDeletableData(record);
            }
            interrupted.mark(record.id(), Interrupted.Step.DELETING, deleteData);
            publish(record, InstanceState.STOPPING, "", -1);
            stopAndRemove(record);
            Interrupted.haltIfAsked("delete:container");
            if (deleteData) {
                storage.deleteData(record, image(record));
            }
            Interrupted.haltIfAsked("delete:data");
            store.update(records -> records.removeIf(r -> r.id().equals(record.id())));
            interrupted.clear(record.id());
            live.remove(record.id());
            listeners.forEach(l -> l.instanceRemoved(record.id()));
            LOG.info("Deleted instance {} ({})", record.name(), deleteData ? "with its data" : "data kept");
            return deleteData ? Optional.<String>empty() : Optional.of(record.storageLocation());
        });
    }

    /**
     * Gives an instance a new port (the next free one, or the one given) by recreating its
     * container on the same data; a running instance is started again.
     */
    public InstanceSnapshot reassignPort(String nameOrId, Integer port, boolean waitReady) {
        if (port != null) {
            check(InputRules.portProblem(port));
        }
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            boolean wasRunning = isRunning(record);
            InstanceRecord moved = reservations.movePort(record, engine(record).containerPort(), port);
            stopAndRemove(record);
            return recreate(moved, wasRunning, port == null, waitReady);
        });
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

    /** Starts every instance marked auto-start that is not running (when the desktop app starts). */
    public List<String> startAutoStartInstances() {
        List<String> started = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            if (r.autoStart() && !docker.inspect(r.containerName()).map(c -> c.running()).orElse(false)) {
                try {
                    start(r.id().toString(), false);
                    started.add(r.name());
                } catch (UserFacingException e) {
                    LOG.warn("Could not auto-start {}: {}", r.name(), e.getMessage());
                    publish(r, InstanceState.ERROR, "Could not start it automatically: " + e.getMessage(), -1);
                }
            }
        }
        return started;
    }

    /** Renames an instance. Its container, folder and volume keep the names they were given at creation. */
    public InstanceSnapshot rename(String nameOrId, String newName) {
        check(InputRules.nameProblem(newName));
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            InstanceRecord renamed = store.update(records -> {
                for (InstanceRecord r : records) {
                    if (!r.id().equals(record.id())) {
                        InputRules.requireDistinct(newName, r);
                    }
                }
                return replace(records, record.id(), r -> r.withName(newName));
            });
            InstanceSnapshot now = snapshot(record);
            return publish(renamed, now.state(), now.detail(), now.progress());
        });
    }

    public InstanceSnapshot setAutoStart(String nameOrId, boolean autoStart) {
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            InstanceRecord changed = store.update(records -> replace(records, record.id(), r -> r.withAutoStart(autoStart)));
            InstanceSnapshot now = snapshot(record);
            return publish(changed, now.state(), now.detail(), now.progress());
        });
    }

    /**
     * Publishes the instance on another host address (127.0.0.1: this computer only; 0.0.0.0: the
     * network too) by recreating its container on the same data; a running instance starts again.
     */
    public InstanceSnapshot changeBindAddress(String nameOrId, String bindAddress, boolean waitReady) {
        check(InputRules.bindAddressProblem(bindAddress));
        InstanceRecord record = find(nameOrId);
        return withLock(record, () -> {
            boolean wasRunning = isRunning(record);
            // Stop first: the instance's own listener would otherwise make its port look taken.
            if (wasRunning) {
                docker.stop(record.containerName(), STOP_TIMEOUT_SECONDS);
            }
            InstanceRecord moved;
            try {
                moved = store.update(records -> {
                    Optional<String> taken = ports.whyTaken(record.port(), bindAddress,
                            Reservations.holders(records.stream().filter(r -> !r.id().equals(record.id())).toList()),
                            docker.publishedHostPorts());
                    if (taken.isPresent()) {
                        throw UserFacingException.conflict("Port " + record.port() + " is not free on " + bindAddress + ": "
                                + taken.get() + ". Give the instance another port first.");
                    }
                    return replace(records, record.id(), r -> r.withBindAddress(bindAddress));
                });
            } catch (UserFacingException e) {
                if (wasRunning) {
                    docker.start(record.containerName()); // Refused: the instance goes on as it was.
                }
                throw e;
            }
            return recreate(moved, wasRunning, false, waitReady);
        });
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

    /** Streams the container's log lines; with follow, until the returned handle is closed. */
    public DockerStream logs(String nameOrId, boolean follow, int tail, Consumer<String> line) {
        InstanceRecord record = find(nameOrId);
        if (docker.inspect(record.containerName()).isEmpty()) {
            throw UserFacingException.notFound("The container of '" + record.name()
                    + "' is missing, so there are no logs. Start the instance to recreate it.");
        }
        return docker.logs(record.containerName(), follow, tail, line);
    }

    /** Follows the container's CPU and memory use until the returned handle is closed. */
    public DockerStream stats(String nameOrId, Consumer<io.dbdock.docker.ResourceSample> sample) {
        InstanceRecord record = find(nameOrId);
        return docker.stats(record.containerName(), sample);
    }

    // ---- data: backups, restore, clone, upgrade, schedules, storage (see DataOperations) ------

    /** An instance's backups in its backups folder, newest first. */
    public List<BackupInfo> backups(String nameOrId) {
        return data.backups(nameOrId);
    }

    /** Where an instance's backups are kept (no file is read: safe on the FX thread). */
    public Path backupFolder(InstanceRecord r) {
        return data.backupFolder(r);
    }

    public void deleteBackup(Path file) {
        data.deleteBackup(file);
    }

    /**
     * Backs an instance up with its engine's own dump tool while it runs (a stopped one is started
     * for the dump and stopped again), into its backups folder or to {@code to}.
     */
    public BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress) {
        return data.backup(nameOrId, to, progress);
    }

    /**
     * What a restore did.
     *
     * @param snapshot     the instance on its restored data
     * @param previousData the storage it ran on before, kept until the user removes it
     */
    public record Restored(InstanceSnapshot snapshot, String previousData) {
    }

    /**
     * Replaces an instance's data with a dump: checked from end to end first, loaded into new
     * storage beside the current one, switched over only once the database accepted it and is
     * Ready; on any failure the instance stays on its old data. The old storage is kept.
     */
    public Restored restore(String nameOrId, Path file, Consumer<TransferProgress> progress) {
        return data.restore(nameOrId, file, progress);
    }

    /** A new instance (new name, port and password) with a copy of another's data. */
    public Created cloneInstance(String sourceNameOrId, String newName, Consumer<TransferProgress> progress) {
        return data.cloneInstance(sourceNameOrId, newName, progress);
    }

    /**
     * A new instance from a dump file: engine and version from the backup's record, or as given
     * (needed for a plain dump without one). Checked first; removed again if the load fails.
     */
    public Created restoreAsNew(Path file, String newName, String engine, String version, Consumer<TransferProgress> progress) {
        return data.restoreAsNew(file, newName, engine, version, progress);
    }

    public Optional<BackupSchedule> backupSchedule(String nameOrId) {
        return data.backupSchedule(nameOrId);
    }

    /** Sets (or, with empty, ends) an instance's automatic backups; they run while the dbdock app runs. */
    public void setBackupSchedule(String nameOrId, Optional<BackupSchedule> schedule) {
        data.setBackupSchedule(nameOrId, schedule);
    }

    /** Makes the scheduled backups due at {@code now} and prunes old ones; one report line per backup. */
    public List<String> runScheduledBackups(Instant now) {
        return data.runScheduledBackups(now);
    }

    /**
     * What an upgrade did.
     *
     * @param snapshot  the instance on the new version
     * @param backup    the backup taken before (kept in the instance's backups)
     * @param checked   tables (or Redis databases) whose row (key) counts were compared and matched
     * @param oldData   the storage of the old version, kept for a rollback
     */
    public record Upgraded(InstanceSnapshot snapshot, BackupInfo backup, int checked, String oldData) {
    }

    /**
     * Moves an instance to a newer major version: backup, new container and storage on the new
     * version, restore, row/key counts compared, then the switch keeping name, port and password.
     * The old storage is kept for {@link #rollBackUpgrade}.
     */
    public Upgraded upgrade(String nameOrId, String targetVersion, Consumer<TransferProgress> progress) {
        return data.upgrade(nameOrId, targetVersion, progress);
    }

    /** The last upgrade, while its old data is still there to roll back to. */
    public Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        return data.lastUpgrade(nameOrId);
    }

    public InstanceSnapshot rollBackUpgrade(String nameOrId) {
        return data.rollBackUpgrade(nameOrId);
    }

    /** Sets the password inside the database to the stored one (its data was made with another). */
    public InstanceSnapshot fixPassword(String nameOrId) {
        return data.fixPassword(nameOrId);
    }

    /** Every storage dbdock manages, with sizes: slow, never on the FX thread. */
    public List<StorageEntry> storage() {
        return data.storageEntries();
    }

    /** Removes one storage entry by name or location (refused while in use). */
    public StorageEntry removeStorage(String nameOrLocation) {
        return data.removeStorage(nameOrLocation);
    }

    public void removeStorage(StorageEntry entry) {
        data.removeStorage(entry);
    }

    // ---- state -------------------------------------------------------------------------------

    InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress) {
        return publish(r, state, detail, progress, null);
    }

    InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress,
                                     Consumer<InstanceSnapshot> progressListener) {
        InstanceSnapshot snap = new InstanceSnapshot(r, state, detail, progress);
        InstanceSnapshot old = live.put(r.id(), snap);
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

    private ReentrantLock lock(UUID id) {
        return locks.computeIfAbsent(id, k -> new ReentrantLock());
    }

    /** How long a change waits for another process's change of the same instance (a create may pull an image). */
    private static final java.time.Duration CROSS_PROCESS_WAIT = java.time.Duration.ofMinutes(15);

    <T> T withLock(InstanceRecord r, Supplier<T> action) {
        ReentrantLock l = lock(r.id());
        l.lock();
        try (InstanceFileLock across = InstanceFileLock.acquire(root, r.id(), r.name(), CROSS_PROCESS_WAIT)) {
            return action.get();
        } finally {
            l.unlock();
        }
    }

    static void check(String problem) {
        if (problem != null) {
            throw UserFacingException.invalid(problem);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    @Override
    public void close() {
        docker.close();
    }
}
