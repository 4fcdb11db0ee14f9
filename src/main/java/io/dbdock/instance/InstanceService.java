package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupSchedule;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.DumpFile;
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
import io.dbdock.engine.DumpSpec;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.engine.ProbeKind;
import io.dbdock.ports.PortAllocator;
import io.dbdock.probe.Probes;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageEntry;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageMarker;
import io.dbdock.storage.StorageOverview;
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
    private final BackupStore backups;
    private final DataTransfer transfer;
    private final StorageOverview overview;
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
        this.backups = new BackupStore(root);
        this.transfer = new DataTransfer(docker);
        this.overview = new StorageOverview(root, docker);
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
            check(Secrets.problemWith(request.password()));
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
    private InstanceRecord createAndStart(InstanceRecord record, EngineSpec engine, EngineVersion version,
                                          boolean portIsOurs, Consumer<InstanceSnapshot> progress) {
        Credentials credentials = new Credentials(record.user(), password(record), record.database());
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

    private static String quoteName(String name) {
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

    private static void attempt(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("Could not {} during roll-back: {}", what, e.toString());
        }
    }

    private InstanceSnapshot awaitReady(InstanceRecord record, Consumer<InstanceSnapshot> progress) {
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
    private InstanceSnapshot startHeld(InstanceRecord record, boolean waitReady) {
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

    private boolean isRunning(InstanceRecord record) {
        return docker.inspect(record.containerName()).map(c -> c.running()).orElse(false);
    }

    /** A new container for a changed record on the same data; started again if the old one ran. */
    private InstanceSnapshot recreate(InstanceRecord moved, boolean wasRunning, boolean portIsOurs, boolean waitReady) {
        docker.remove(moved.containerName());
        EngineSpec engine = engine(moved);
        EngineVersion version = version(moved);
        if (!wasRunning) {
            containers.create(moved, engine, version, new Credentials(moved.user(), password(moved), moved.database()));
            return publish(moved, InstanceState.STOPPED, "", -1);
        }
        InstanceRecord started = createAndStart(moved, engine, version, portIsOurs, null);
        return waitReady ? awaitReady(started, null) : publish(started, InstanceState.STARTING, "", -1);
    }

    /** A clean shutdown first (the server flushes its data), then the container goes. */
    private void stopAndRemove(InstanceRecord record) {
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

    private static InstanceRecord replace(List<InstanceRecord> records, UUID id, java.util.function.UnaryOperator<InstanceRecord> change) {
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

    // ---- data: backups, restore, clone ------------------------------------------------------

    /** An instance's backups in its backups folder, newest first. */
    public List<BackupInfo> backups(String nameOrId) {
        return backups.list(find(nameOrId).slug());
    }

    /** Where an instance's backups are kept (no file is read: safe on the FX thread). */
    public Path backupFolder(InstanceRecord r) {
        return backups.folderFor(r.slug());
    }

    public void deleteBackup(Path file) {
        backups.delete(file);
    }

    /**
     * Backs an instance up with its engine's own dump tool while it runs (a stopped one is started
     * for the dump and stopped again), into its backups folder or to {@code to}.
     */
    public BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress) {
        return backup(nameOrId, to, progress, false);
    }

    private BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress, boolean scheduled) {
        InstanceRecord found = find(nameOrId);
        if (to != null && Files.exists(to)) {
            throw UserFacingException.conflict(to + " already exists. Choose another file name, or delete that file first.");
        }
        return withLock(found, () -> {
            InstanceRecord r = current(found);
            boolean wasRunning = isRunning(r);
            if (!wasRunning) {
                requireReady(startHeld(r, true), "for the backup");
            }
            try {
                Path target = to != null ? to.toAbsolutePath() : backups.newFile(r.slug(), engine(r).dump().extension(), Instant.now());
                BackupInfo made = transfer.dump(r, engine(r), credentials(r), image(r), target, progress);
                BackupInfo info = scheduled ? made.asScheduled() : made;
                backups.writeInfo(info);
                return info;
            } finally {
                if (!wasRunning) {
                    attempt("stop the instance again", () -> {
                        docker.stop(r.containerName(), STOP_TIMEOUT_SECONDS);
                        publish(r, InstanceState.STOPPED, "", -1);
                    });
                }
            }
        });
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
     * Replaces an instance's data with a dump. The file is checked from end to end first; the
     * dump is loaded into new storage beside the current one, and the instance switches to it
     * only once the load succeeded and the database is Ready. On any failure the instance goes
     * back to its old data, unchanged. The old storage is kept (see {@link Restored}).
     */
    public Restored restore(String nameOrId, Path file, Consumer<TransferProgress> progress) {
        InstanceRecord found = find(nameOrId);
        EngineSpec engine = engine(found);
        DumpFile dump = DumpFile.inspect(file, engine, catalog,
                raw -> report(progress, new TransferProgress("Checking the file", raw, -1)));
        return withLock(found, () -> restoreHeld(current(found), dump, progress, false));
    }

    private Restored restoreHeld(InstanceRecord r, DumpFile dump, Consumer<TransferProgress> progress, boolean discardPrevious) {
        EngineSpec engine = engine(r);
        boolean wasRunning = isRunning(r);
        String fresh = storage.newDataLocation(r, STAMP.format(Instant.now()), containers.labels(r));
        InstanceRecord next = r.withStorageLocation(fresh);
        LOG.info("Restoring {} from {} into {}", r.name(), dump.path(), fresh);
        interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
        stopAndRemove(r);
        try {
            fill(next, engine, dump, progress);
        } catch (RuntimeException e) {
            LOG.warn("Restore of {} failed; going back to its old data: {}", r.name(), e.toString());
            attempt("remove the half-restored container", () -> stopAndRemove(next));
            attempt("remove the half-restored data", () -> storage.removeDataLocation(r, fresh, image(r)));
            attempt("put the instance back on its data", () -> recreate(r, wasRunning, false, false));
            interrupted.clear(r.id());
            throw e;
        }
        store.update(records -> replace(records, r.id(), x -> next));
        storage.recordLocation(next);
        interrupted.clear(r.id());
        InstanceSnapshot result;
        if (wasRunning) {
            result = snapshot(next);
        } else {
            docker.stop(next.containerName(), STOP_TIMEOUT_SECONDS);
            result = publish(next, InstanceState.STOPPED, "", -1);
        }
        String previous = r.storageLocation();
        if (discardPrevious) {
            attempt("remove the unused first data", () -> storage.removeDataLocation(next, previous, image(next)));
        }
        LOG.info("Restored {} from {} ({} bytes)", r.name(), dump.path(), dump.rawBytes());
        return new Restored(result, discardPrevious ? null : previous);
    }

    /** Gives an instance on new, empty storage the dump's data and leaves it running and Ready. */
    private void fill(InstanceRecord next, EngineSpec engine, DumpFile dump, Consumer<TransferProgress> progress) {
        EngineVersion version = version(next);
        Credentials credentials = credentials(next);
        DumpSpec.Load load = engine.dump().load();
        if (load.intoRunningServer()) {
            createAndStart(next, engine, version, false, null);
            requireReady(awaitReady(next, null), "to load the dump");
            Interrupted.haltIfAsked("replace:filling");
            transfer.load(next, engine, credentials, dump, progress);
            return;
        }
        String id = containers.create(next, engine, version, credentials, load.startArguments());
        report(progress, new TransferProgress("Loading", 0, dump.rawBytes()));
        transfer.placeDataFile(id, version.dataMount(), engine.dump(), dump);
        report(progress, new TransferProgress("Loading", dump.rawBytes(), dump.rawBytes()));
        docker.start(id);
        requireReady(awaitReady(next, null), "with the dump loaded");
        transfer.finishDataFile(next, engine);
        stopAndRemove(next);
        createAndStart(next, engine, version, false, null);
        requireReady(awaitReady(next, null), "on the restored data");
    }

    /**
     * A new instance (new name, port and password) with a copy of another's data: a backup of
     * the source restored into a new instance of the same engine, version and storage kind.
     */
    public Created cloneInstance(String sourceNameOrId, String newName, Consumer<TransferProgress> progress) {
        InstanceRecord source = find(sourceNameOrId);
        check(InputRules.nameProblem(newName));
        Path temp = backups.folderFor(source.slug()).resolve(".clone-" + UUID.randomUUID() + "." + engine(source).dump().extension() + ".gz");
        try {
            backup(source.id().toString(), temp, progress);
            DumpFile dump = DumpFile.inspect(temp, engine(source), catalog, null);
            Created created = create(new CreateRequest(source.engine(), source.version(), newName, null, source.bindAddress(),
                    null, source.storage(), true), null);
            InstanceRecord copy = created.snapshot().record();
            try {
                Restored restored = withLock(copy, () -> restoreHeld(current(copy), dump, progress, true));
                LOG.info("Cloned {} into {}", source.name(), copy.name());
                return new Created(restored.snapshot(), created.notes());
            } catch (RuntimeException e) {
                attempt("remove the unfinished copy", () -> delete(copy.id().toString(), true));
                throw e;
            }
        } finally {
            attempt("remove the temporary dump", () -> backups.delete(temp));
        }
    }

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    private InstanceRecord current(InstanceRecord r) {
        return store.load().stream().filter(x -> x.id().equals(r.id())).findFirst()
                .orElseThrow(() -> UserFacingException.notFound("'" + r.name() + "' no longer exists."));
    }

    private Credentials credentials(InstanceRecord r) {
        return new Credentials(r.user(), password(r), r.database());
    }

    private static void requireReady(InstanceSnapshot s, String purpose) {
        if (s.state() != InstanceState.READY) {
            throw new UserFacingException(Problem.FAILED, "'" + s.record().name() + "' did not become ready " + purpose
                    + (s.detail() == null || s.detail().isBlank() ? "" : ": " + s.detail()) + ". Nothing was changed.", null);
        }
    }

    private static void report(Consumer<TransferProgress> progress, TransferProgress p) {
        if (progress != null) {
            progress.accept(p);
        }
    }

    // ---- scheduled backups -------------------------------------------------------------------

    public Optional<BackupSchedule> backupSchedule(String nameOrId) {
        return BackupSchedule.read(Path.of(find(nameOrId).home()));
    }

    /** Sets (or, with empty, ends) an instance's automatic backups; they run while the dbdock app runs. */
    public void setBackupSchedule(String nameOrId, Optional<BackupSchedule> schedule) {
        schedule.ifPresent(x -> check(BackupSchedule.problemWith(x.everyHours(), x.keep())));
        InstanceRecord r = find(nameOrId);
        BackupSchedule.write(Path.of(r.home()), schedule);
        LOG.info("Backup schedule of {}: {}", r.name(), schedule.map(x -> "every " + x.everyHours() + " h, keep " + x.keep()).orElse("off"));
    }

    /**
     * Makes the backups that are due at {@code now} (of running instances with a schedule: a
     * stopped one's data does not change) and deletes scheduled backups beyond each one's "keep".
     * Failures are logged and reported, never thrown: one instance must not stop the others.
     *
     * @return one line per backup made or failed, for the log and a notice
     */
    public List<String> runScheduledBackups(Instant now) {
        List<String> report = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            Optional<BackupSchedule> schedule = BackupSchedule.read(Path.of(r.home()));
            if (schedule.isEmpty() || !isRunning(r)) {
                continue;
            }
            List<BackupInfo> existing = backups.list(r.slug());
            if (!schedule.get().isDue(existing.stream().map(BackupInfo::createdAt).max(java.util.Comparator.naturalOrder()), now)) {
                continue;
            }
            try {
                BackupInfo made = backup(r.id().toString(), null, null, true);
                report.add("Backed up " + r.name() + " (scheduled): " + made.file().getFileName());
                for (BackupInfo old : schedule.get().surplus(backups.list(r.slug()))) {
                    backups.delete(old.file());
                    LOG.info("Deleted the scheduled backup {} (keeping {})", old.file(), schedule.get().keep());
                }
            } catch (RuntimeException e) {
                LOG.warn("Scheduled backup of {} failed: {}", r.name(), e.getMessage());
                report.add("The scheduled backup of " + r.name() + " failed: " + e.getMessage());
            }
        }
        return report;
    }

    // ---- upgrade ----------------------------------------------------------------------------

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
     * Moves an instance to a newer major version the only safe way: a backup with the old
     * version's tools, a new container and storage on the new version, the backup loaded into it,
     * and row/key counts compared; then the instance switches over, keeping its name, port and
     * password. The old storage is kept, so {@link #rollBackUpgrade} can switch back in one step.
     * If anything fails, the instance stays on its old version and data.
     */
    public Upgraded upgrade(String nameOrId, String targetVersion, Consumer<TransferProgress> progress) {
        InstanceRecord found = find(nameOrId);
        EngineSpec engine = engine(found);
        EngineVersion from = version(found);
        EngineVersion to = engine.version(targetVersion).orElseThrow(() -> UserFacingException.invalid(
                engine.displayName() + " has no version '" + targetVersion + "' here. Available: "
                        + engine.versions().stream().map(EngineVersion::version).collect(Collectors.joining(", ")) + "."));
        if (to.equals(from)) {
            throw UserFacingException.invalid("'" + found.name() + "' already runs " + engine.displayName() + " " + from.version() + ".");
        }
        if (engine.versions().indexOf(to) < engine.versions().indexOf(from)) {
            throw UserFacingException.invalid("dbdock upgrades to newer versions only: a data folder of " + engine.displayName() + " "
                    + from.version() + " cannot be opened by " + to.version() + ". Create a new " + to.version()
                    + " instance and restore a backup into it instead.");
        }
        return withLock(found, () -> {
            InstanceRecord r = current(found);
            boolean wasRunning = isRunning(r);
            if (!wasRunning) {
                requireReady(startHeld(r, true), "for the upgrade");
            }
            Map<String, Long> before = counts(r, engine);
            Path file = backups.newFile(r.slug(), engine.dump().extension(), Instant.now());
            BackupInfo backup = transfer.dump(r, engine, credentials(r), image(r), file, progress);
            backups.writeInfo(backup);
            DumpFile dump = DumpFile.inspect(file, engine, catalog, null);
            containers.ensureImage(engine, to, percent -> report(progress, new TransferProgress("Downloading the "
                    + to.version() + " image", percent, 100)));
            String fresh = storage.newDataLocation(r, STAMP.format(Instant.now()), containers.labels(r.withVersion(to.version())));
            InstanceRecord next = r.withVersion(to.version()).withStorageLocation(fresh);
            LOG.info("Upgrading {} from {} {} to {} into {}", r.name(), engine.id(), from.version(), to.version(), fresh);
            interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
            stopAndRemove(r);
            try {
                fill(next, engine, dump, progress);
                compareCounts(r, before, counts(next, engine));
            } catch (RuntimeException e) {
                LOG.warn("Upgrade of {} failed; back to {} {}: {}", r.name(), engine.id(), from.version(), e.toString());
                attempt("remove the new version's container", () -> stopAndRemove(next));
                attempt("remove the new version's data", () -> storage.removeDataLocation(r, fresh, image(next)));
                attempt("put the instance back on its old version", () -> recreate(r, wasRunning, false, false));
                interrupted.clear(r.id());
                throw e;
            }
            store.update(records -> replace(records, r.id(), x -> next));
            storage.recordLocation(next);
            interrupted.clear(r.id());
            Upgrades.write(Path.of(r.home()), new Upgrades.Upgrade(from.version(), r.storageLocation(), to.version(), Instant.now()));
            InstanceSnapshot result = wasRunning ? snapshot(next) : stopQuietly(next);
            LOG.info("Upgraded {} to {} {} ({} tables or key spaces compared)", r.name(), engine.id(), to.version(), before.size());
            return new Upgraded(result, backup, before.size(), r.storageLocation());
        });
    }

    /** The version an instance can be rolled back to (its last upgrade, with the old data still there), if any. */
    public Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        InstanceRecord r = find(nameOrId);
        return Upgrades.read(Path.of(r.home())).filter(u -> u.toVersion().equals(r.version()) && storage.stillThere(r, u.oldLocation()));
    }

    /**
     * Switches an upgraded instance back to its old version and the data it had then (changes
     * made on the new version stay in its storage, set aside). Same name, port and password.
     */
    public InstanceSnapshot rollBackUpgrade(String nameOrId) {
        InstanceRecord found = find(nameOrId);
        Upgrades.Upgrade upgrade = lastUpgrade(nameOrId).orElseThrow(() -> UserFacingException.conflict(
                "'" + found.name() + "' has no upgrade to roll back (or its old data was removed)."));
        return withLock(found, () -> {
            InstanceRecord r = current(found);
            boolean wasRunning = isRunning(r);
            InstanceRecord back = r.withVersion(upgrade.fromVersion()).withStorageLocation(upgrade.oldLocation());
            stopAndRemove(r);
            try {
                InstanceSnapshot s = recreate(back, true, false, true);
                requireReady(s, "on its old version");
            } catch (RuntimeException e) {
                attempt("remove the old version's container", () -> stopAndRemove(back));
                attempt("put the instance back on the new version", () -> recreate(r, wasRunning, false, false));
                throw e;
            }
            store.update(records -> replace(records, r.id(), x -> back));
            storage.recordLocation(back);
            Upgrades.clear(Path.of(r.home()));
            LOG.info("Rolled {} back to {} {}", r.name(), r.engine(), upgrade.fromVersion());
            return wasRunning ? snapshot(back) : stopQuietly(back);
        });
    }

    private InstanceSnapshot stopQuietly(InstanceRecord r) {
        docker.stop(r.containerName(), STOP_TIMEOUT_SECONDS);
        return publish(r, InstanceState.STOPPED, "", -1);
    }

    /** Row or key counts of a running instance, by table or key space (empty when the engine has no check here). */
    private Map<String, Long> counts(InstanceRecord r, EngineSpec engine) {
        if (engine.dump().counts().isEmpty()) {
            return Map.of();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DockerGateway.ExecResult result = docker.exec(r.containerName(), engine.dump().counts().get().apply(credentials(r)),
                Map.of(), null, out, line -> { });
        if (!result.ok()) {
            throw UserFacingException.failed("Could not count the rows of '" + r.name() + "': " + result.lastError()
                    + ". Nothing was changed.", null);
        }
        return RowCounts.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void compareCounts(InstanceRecord r, Map<String, Long> before, Map<String, Long> after) {
        List<String> differences = RowCounts.differences(before, after);
        if (!differences.isEmpty()) {
            throw new UserFacingException(Problem.FAILED, "The upgraded copy of '" + r.name() + "' does not match the original ("
                    + String.join("; ", differences.subList(0, Math.min(3, differences.size())))
                    + (differences.size() > 3 ? "; and " + (differences.size() - 3) + " more" : "")
                    + "). Was something writing to it during the upgrade? The instance stays on its old version; "
                    + "stop your application and try again.", null);
        }
    }

    // ---- credentials drift ---------------------------------------------------------------

    /**
     * Sets the password inside the database to the one dbdock stores for the instance (its data
     * was initialised with another one, so every login is refused), with the engine's own client
     * inside the container; then waits until Ready. Engines that keep no password in the data
     * (Redis reads it from the configuration dbdock writes) need no fix.
     */
    public InstanceSnapshot fixPassword(String nameOrId) {
        InstanceRecord found = find(nameOrId);
        EngineSpec engine = engine(found);
        // Redis reads its password from the configuration dbdock writes; MongoDB keeps its users in the data.
        var reset = engine.dump().resetPassword().orElseThrow(() -> UserFacingException.invalid(engine.probe() == ProbeKind.REDIS
                ? engine.displayName() + " takes its password from the configuration dbdock writes, so there is nothing to fix: "
                        + "restart '" + found.name() + "'."
                : "dbdock cannot change " + engine.displayName() + "'s password without the one its data was made with. Delete '"
                        + found.name() + "' with its data and create it again, or restore a backup into a new instance."));
        return withLock(found, () -> {
            InstanceRecord r = current(found);
            if (!isRunning(r)) {
                throw UserFacingException.conflict("'" + r.name() + "' is not running. Start it, then fix its password.");
            }
            DockerGateway.ExecResult result = docker.exec(r.containerName(), reset.apply(credentials(r)), Map.of(), null,
                    java.io.OutputStream.nullOutputStream(), line -> { });
            if (!result.ok()) {
                throw UserFacingException.failed("dbdock could not get into " + engine.displayName() + " to change the password of '"
                        + r.name() + "' (" + result.lastError() + "). Without the password its data was made with, delete the "
                        + "instance with its data and create it again, or restore a backup into a new instance.", null);
            }
            LOG.info("Set the database password of {} to the stored one", r.name());
            InstanceSnapshot s = awaitReady(r, null);
            requireReady(s, "with the stored password");
            return s;
        });
    }

    // ---- storage overview ---------------------------------------------------------------------

    /** Every storage dbdock manages, with sizes (one volume call, folder walks): slow, never on the FX thread. */
    public List<StorageEntry> storage() {
        List<InstanceRecord> records = store.load();
        return overview.list(records, anyLocalImage(records));
    }

    /**
     * Removes one storage entry by its name (or location). Refused while a running container uses
     * it, and for the storage an instance runs on (delete the instance with its data instead).
     */
    public StorageEntry removeStorage(String nameOrLocation) {
        StorageEntry entry = storage().stream()
                .filter(e -> e.name().equals(nameOrLocation) || e.location().equals(nameOrLocation))
                .findFirst()
                .orElseThrow(() -> UserFacingException.notFound("dbdock manages no storage named '" + nameOrLocation
                        + "'. See: dbdock storage list"));
        removeStorage(entry);
        return entry;
    }

    public void removeStorage(StorageEntry entry) {
        if (entry.running()) {
            throw UserFacingException.conflict(entry.name() + " is in use by the running instance '" + entry.instance()
                    + "'. Stop it first.");
        }
        switch (entry.role()) {
            case IN_USE -> throw UserFacingException.conflict(entry.name() + " holds the data of '" + entry.instance()
                    + "'. To remove it, delete the instance with: dbdock rm " + quoteName(entry.instance()) + " --delete-data");
            case PREVIOUS -> {
                InstanceRecord owner = find(entry.instance());
                withLock(owner, () -> {
                    storage.removeDataLocation(current(owner), entry.location(), image(owner));
                    return null;
                });
            }
            case ORPHANED -> {
                String helper = helperImageFor(entry.engine(), entry.version());
                if (entry.kind() == StorageEntry.Kind.VOLUME) {
                    if (!"true".equals(docker.volumeLabels(entry.location()).get(Labels.MANAGED))) {
                        throw UserFacingException.conflict("The volume " + entry.location() + " was not made by dbdock; it was left alone.");
                    }
                    docker.removeVolume(entry.location());
                } else {
                    storage.removeOrphanHome(Path.of(entry.location()), helper);
                }
            }
            case BACKUPS -> backups.deleteFolder(Path.of(entry.location()));
            default -> throw new IllegalStateException(entry.role().toString());
        }
        LOG.info("Removed storage {} ({})", entry.name(), entry.role().label());
    }

    /** The image that initialised kept data, for the helper that empties it; else any image an instance uses. */
    private String helperImageFor(String engineId, String versionId) {
        Optional<String> own = catalog.find(engineId).flatMap(e -> e.version(versionId).map(v -> containers.image(e, v)))
                .filter(docker::imageExists);
        return own.or(() -> anyLocalImage(store.load())).orElse("");
    }

    private Optional<String> anyLocalImage(List<InstanceRecord> records) {
        return records.stream().map(this::image).distinct().filter(docker::imageExists).findFirst();
    }

    // ---- state -------------------------------------------------------------------------------

    InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress) {
        return publish(r, state, detail, progress, null);
    }

    private InstanceSnapshot publish(InstanceRecord r, InstanceState state, String detail, int progress,
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

    private <T> T withLock(InstanceRecord r, Supplier<T> action) {
        ReentrantLock l = lock(r.id());
        l.lock();
        try (InstanceFileLock across = InstanceFileLock.acquire(root, r.id(), r.name(), CROSS_PROCESS_WAIT)) {
            return action.get();
        } finally {
            l.unlock();
        }
    }

    private static void check(String problem) {
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
