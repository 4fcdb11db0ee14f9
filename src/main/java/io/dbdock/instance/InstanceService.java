package io.dbdock.instance;

import io.dbdock.common.Platform;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.DockerInfo;
import io.dbdock.docker.DockerStream;
import io.dbdock.docker.DockerUnavailableException;
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
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageMarker;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.store.Settings;
import io.dbdock.store.StorageKind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final Settings settings;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final PortAllocator ports = new PortAllocator();
    private final InstanceContainers containers;
    private final ReadinessWaiter readiness;
    private final Map<UUID, InstanceSnapshot> live = new ConcurrentHashMap<>();
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final List<InstanceListener> listeners = new CopyOnWriteArrayList<>();

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
        this.containers = new InstanceContainers(docker, images);
        this.readiness = new ReadinessWaiter(docker);
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

    /** Said once after the store had to be recovered from its backup. */
    public Optional<String> storeNotice() {
        return store.recoveryNotice();
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
        Map<String, ContainerSummary> byInstance = new HashMap<>();
        for (ContainerSummary c : docker.listManaged()) {
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
            StateMapper.Mapped mapped = StateMapper.fromContainer(byInstance.get(r.id().toString()));
            InstanceSnapshot previous = live.get(r.id());
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
        Reservation reservation = reserve(request, engine, version, bind, kind, notes);
        InstanceRecord record = reservation.record;
        Path home = Path.of(record.home());
        lock(record.id()).lock();
        try {
            publish(record, InstanceState.CREATING, "", -1, progress);
            try {
                if (!reservation.reusedData) {
                    storage.createHome(home, new StorageMarker(engine.id(), version.version(), kind, record.storageLocation(),
                            record.createdAt()));
                    Secrets.write(home, reservation.password);
                }
                storage.prepareData(home, kind, record.slug(), InstanceContainers.labels(record));
                ensureImage(record, engine, version, progress);
                record = createAndStart(record, engine, version, request.port() == null, progress);
            } catch (RuntimeException e) {
                rollBack(record, reservation.reusedData, engine, version);
                throw e;
            }
            InstanceSnapshot result = request.waitReady()
                    ? awaitReady(record, progress)
                    : publish(record, InstanceState.STARTING, "", -1, progress);
            LOG.info("Created instance {} ({} {}) on port {}", record.name(), engine.id(), version.version(), record.port());
            return new Created(result, notes);
        } finally {
            lock(record.id()).unlock();
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

    private record Reservation(InstanceRecord record, String password, boolean reusedData) {
    }

    /** Under the store lock: a unique name, a free port, and the record written before anything else. */
    private Reservation reserve(CreateRequest request, EngineSpec engine, EngineVersion version, String bind,
                                StorageKind kind, List<String> notes) {
        return store.update(records -> {
            Set<String> slugs = records.stream().map(InstanceRecord::slug).collect(Collectors.toSet());
            String name = request.name() != null ? request.name() : InputRules.defaultName(engine.id(), slugs);
            String slug = InputRules.slug(name);
            for (InstanceRecord r : records) {
                if (r.name().equalsIgnoreCase(name) || r.slug().equals(slug)) {
                    throw UserFacingException.conflict("An instance named '" + r.name() + "' already exists. Choose another name.");
                }
            }
            Path home = storage.homeFor(slug);
            Optional<StorageMarker> kept = storage.existingMarker(home);
            String password = request.password() != null ? request.password() : Secrets.generate();
            boolean reused = false;
            if (kept.isPresent()) {
                checkKeptData(name, home, kept.get(), engine, version, kind, request.password());
                password = Secrets.read(home);
                reused = true;
                notes.add("Reused the data kept from an earlier '" + name + "' at " + kept.get().location()
                        + ", with its password.");
            } else if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
                throw UserFacingException.conflict("The folder " + home + " already exists but holds no dbdock data. "
                        + "Move it away or choose another name.");
            }
            Set<Integer> reserved = records.stream().map(InstanceRecord::port).collect(Collectors.toSet());
            Set<Integer> published = docker.publishedHostPorts();
            int port;
            if (request.port() != null) {
                port = request.port();
                Optional<String> taken = ports.whyTaken(port, bind, reserved, published);
                if (taken.isPresent()) {
                    throw UserFacingException.conflict("Port " + port + " is not free: " + taken.get()
                            + ". Choose another port or leave --port out.");
                }
            } else {
                port = ports.allocate(engine.containerPort(), bind, reserved, published);
            }
            String location = kind == StorageKind.FOLDER ? StorageManager.dataFolder(home).toString()
                    : StorageManager.volumeName(slug);
            InstanceRecord record = new InstanceRecord(UUID.randomUUID(), name, slug, engine.id(), version.version(), port,
                    bind, kind, location, home.toString(), engine.defaultUser(), engine.defaultDatabase(), Instant.now(), false);
            records.add(record);
            return new Reservation(record, password, reused);
        });
    }

    private static void checkKeptData(String name, Path home, StorageMarker kept, EngineSpec engine, EngineVersion version,
                                      StorageKind kind, String requestedPassword) {
        String was = kept.engine() + " " + kept.version();
        if (!kept.engine().equals(engine.id())) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' (" + was + ") is in " + home
                    + ". Choose another name, or create a " + kept.engine() + " instance to use it.");
        }
        if (!kept.version().equals(version.version())) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' was made by " + was
                    + "; a database cannot switch major version in place. Create it with --version " + kept.version()
                    + " or choose another name.");
        }
        if (kept.storage() != kind) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' is stored as a "
                    + kept.storage().id() + ". Create it with --storage " + kept.storage().id() + " or choose another name.");
        }
        if (requestedPassword != null && !requestedPassword.equals(Secrets.read(home))) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' keeps its own password. "
                    + "Leave out --password-stdin to reuse it, or choose another name.");
        }
    }

    private void ensureImage(InstanceRecord record, EngineSpec engine, EngineVersion version, Consumer<InstanceSnapshot> progress) {
        String image = containers.image(engine, version);
        if (docker.imageExists(image)) {
            return;
        }
        publish(record, InstanceState.PULLING, image, 0, progress);
        int[] last = {-1};
        try {
            docker.pullImage(image, percent -> {
                if (percent != last[0]) {
                    last[0] = percent;
                    publish(record, InstanceState.PULLING, image, percent, progress);
                }
            });
        } catch (DockerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserFacingException(Problem.FAILED, "Could not download the image " + image + " ("
                    + firstLine(e.getMessage()) + "). Check your network or the image name, then try again.", e);
        }
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
                record = movePort(record, null);
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

    /** Writes a new port to the record (a given one, or the next free one). */
    private InstanceRecord movePort(InstanceRecord record, Integer wanted) {
        return store.update(records -> {
            Set<Integer> reserved = records.stream().filter(r -> !r.id().equals(record.id()))
                    .map(InstanceRecord::port).collect(Collectors.toSet());
            Set<Integer> published = docker.publishedHostPorts();
            int port;
            if (wanted != null) {
                Optional<String> taken = ports.whyTaken(wanted, record.bindAddress(), reserved, published);
                if (taken.isPresent()) {
                    throw UserFacingException.conflict("Port " + wanted + " is not free: " + taken.get() + ".");
                }
                port = wanted;
            } else {
                Set<Integer> avoid = new HashSet<>(reserved);
                avoid.add(record.port());
                port = ports.allocate(engine(record).containerPort(), record.bindAddress(), avoid, published);
            }
            InstanceRecord moved = record.withPort(port);
            records.replaceAll(r -> r.id().equals(record.id()) ? moved : r);
            return moved;
        });
    }

    private void rollBack(InstanceRecord record, boolean reusedData, EngineSpec engine, EngineVersion version) {
        LOG.info("Rolling back the creation of {}", record.name());
        attempt("remove the container", () -> docker.remove(record.containerName()));
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
        return withLock(record, () -> {
            InstanceRecord r = store.load().stream().filter(x -> x.id().equals(record.id())).findFirst().orElse(record);
            var state = docker.inspect(r.containerName());
            if (state.isPresent() && state.get().running()) {
                return waitReady ? awaitReady(r, null) : snapshot(r);
            }
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
        });
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
            publish(record, InstanceState.STOPPING, "", -1);
            docker.remove(record.containerName());
            if (deleteData) {
                storage.deleteData(record, image(record));
            }
            store.update(records -> records.removeIf(r -> r.id().equals(record.id())));
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
            var state = docker.inspect(record.containerName());
            boolean wasRunning = state.isPresent() && state.get().running();
            InstanceRecord moved = movePort(record, port);
            docker.remove(record.containerName());
            EngineSpec engine = engine(moved);
            EngineVersion version = version(moved);
            if (!wasRunning) {
                containers.create(moved, engine, version, new Credentials(moved.user(), password(moved), moved.database()));
                return publish(moved, InstanceState.STOPPED, "", -1);
            }
            createAndStart(moved, engine, version, port == null, null);
            return waitReady ? awaitReady(moved, null) : publish(moved, InstanceState.STARTING, "", -1);
        });
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

    private <T> T withLock(InstanceRecord r, Supplier<T> action) {
        ReentrantLock l = lock(r.id());
        l.lock();
        try {
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
