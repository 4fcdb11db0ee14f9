package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupSchedule;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.model.DockerInfo;
import io.dbdock.model.DockerStream;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.Endpoint;
import io.dbdock.engine.ImageResolver;
import io.dbdock.ports.PortAllocator;
import io.dbdock.probe.Probes;
import io.dbdock.model.StorageEntry;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageOverview;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that changes instances. Window, tray and CLI call it and observe its events.
 * Operations on one instance are serialized; record changes go through the store's file lock.
 */
public final class InstanceService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceService.class);

    private final InstanceRuntime runtime;
    private final InstanceCreation creation;
    private final InstanceEditing editing;
    private final Recovery recovery;
    private final Reconcile reconcile;
    private final BackupOperations backups;
    private final RestoreOperations restores;
    private final UpgradeOperations upgrades;
    private final PasswordRepairs passwordRepairs;
    private final StorageOperations storageOps;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final PortAllocator ports;
    private final Reservations reservations;
    private final Interrupted interrupted;
    private final ClientAccess clients;

    private final FollowedEngines followed = new FollowedEngines();
    /** Each front end's listener, as registered with this engine's runtime (filtered to this engine's instances). */
    private final Map<InstanceListener, InstanceListener> ownListeners = new java.util.concurrent.ConcurrentHashMap<>();

    public InstanceService(EngineCatalog catalog, InstanceStore store, Settings settings, DockerGateway docker, DataRoot root) {
        this(catalog, store, settings, docker, root, ImageResolver.fromEnvironment(settings.imageRepositories()));
    }

    public InstanceService(EngineCatalog catalog, InstanceStore store, Settings settings, DockerGateway docker, DataRoot root,
                           ImageResolver images) {
        this(catalog, store, settings, docker, root, images, Probes::forKind);
    }

    /** With the clients that prove readiness given (unit tests of the core and the front ends answer without a server). */
    public InstanceService(EngineCatalog catalog, InstanceStore store, Settings settings, DockerGateway docker, DataRoot root,
                    ImageResolver images, java.util.function.Function<io.dbdock.engine.ProbeKind, io.dbdock.probe.ReadinessProbe> probes) {
        this.catalog = catalog;
        this.store = store;
        this.docker = docker;
        this.storage = new StorageManager(root, docker);
        this.ports = new PortAllocator(new EngineListeners(docker));
        this.reservations = new Reservations(store, storage, docker, ports);
        this.interrupted = new Interrupted(root);
        this.runtime = new InstanceRuntime(catalog, store, docker, storage, ports, reservations,
                new InstanceContainers(docker, images, root), root, probes);
        this.creation = new InstanceCreation(runtime, interrupted, settings);
        this.editing = new InstanceEditing(runtime);
        this.recovery = new Recovery(runtime, interrupted);
        this.reconcile = new Reconcile(runtime, recovery);
        BackupStore backupStore = new BackupStore(root);
        DataTransfer transfer = new DataTransfer(docker);
        this.backups = new BackupOperations(runtime, backupStore, transfer);
        this.restores = new RestoreOperations(runtime, creation, interrupted, backupStore, transfer, backups);
        this.upgrades = new UpgradeOperations(runtime, interrupted, backupStore, transfer, restores);
        this.passwordRepairs = new PasswordRepairs(runtime);
        this.clients = new ClientAccess(runtime);
        this.storageOps = new StorageOperations(runtime, backupStore, new StorageOverview(root, docker));
    }

    /** What the other classes of this package (the state monitor) work through. */
    InstanceRuntime runtime() {
        return runtime;
    }

    // ---- observing -------------------------------------------------------------------------

    public void addListener(InstanceListener listener) {
        followed.addListener(listener);
        InstanceListener own = followed.ownEngineOnly(listener);
        ownListeners.put(listener, own);
        runtime.addListener(own);
    }

    public void removeListener(InstanceListener listener) {
        followed.removeListener(listener);
        InstanceListener own = ownListeners.remove(listener);
        if (own != null) {
            runtime.removeListener(own);
        }
    }

    /**
     * Follows another engine's instances too (a long-running app with instances on several docker
     * contexts): their live states come from {@code other}, a service on that engine sharing this
     * instance list, and every action on them goes there. {@code primaryContext}: this service's own.
     */
    public void follow(String primaryContext, String context, InstanceService other) {
        followed.add(primaryContext, context, other);
        for (InstanceSnapshot s : snapshots()) {
            if (followed.ownerOf(s.record()).orElse(null) == other) {
                followed.announce(s);
            }
        }
    }

    /** Whether another engine's context is followed already. */
    public boolean follows(String context) {
        return followed.follows(context);
    }

    /** The state of each other engine followed, by context name (empty when only this service's engine is). */
    public Map<String, DockerStatus> followedEngines() {
        return followed.statuses();
    }

    /** The docker context (or address) of this service's own engine, as its instances record it. */
    public String context() {
        return docker.quickPlace().context();
    }

    /** Whether this engine runs on another machine, its instances reached through tunnels (their data is in volumes there). */
    public boolean onAnotherMachine() {
        return docker.tunnelled();
    }

    /** The service of one engine: this one (null or its own context) or a followed one; any other context is refused plainly. */
    public InstanceService onEngine(String context) {
        if (context == null || !followed.follows(context) && context.equals(context())) {
            return this;
        }
        return followed.service(context).orElseThrow(() -> UserFacingException.invalid("dbdock does not follow the docker context '"
                + context + "' in this window."));
    }

    /** The service of the engine an instance lives on: this one, or a followed engine's. */
    private InstanceService owner(InstanceRecord r) {
        return followed.ownerOf(r).orElse(this);
    }

    private InstanceService owner(String nameOrId) {
        if (followed.isEmpty()) {
            return this;
        }
        try {
            return owner(runtime.find(nameOrId));
        } catch (UserFacingException notFound) {
            return this; // says so in its own words
        }
    }

    public DockerStatus dockerStatus() {
        return runtime.dockerStatus();
    }

    /** The last known snapshot of every instance, without asking Docker. */
    public List<InstanceSnapshot> snapshots() {
        return shown(runtime.snapshots());
    }

    public InstanceSnapshot snapshot(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? runtime.snapshot(r) : FollowedEngines.shown(o, o.runtime.snapshot(r));
    }

    /** Each instance of a followed engine as that engine's service sees it. */
    private List<InstanceSnapshot> shown(List<InstanceSnapshot> own) {
        if (followed.isEmpty()) {
            return own;
        }
        return own.stream().map(s -> {
            InstanceService o = owner(s.record());
            return o == this ? s : FollowedEngines.shown(o, o.runtime.snapshot(s.record()));
        }).toList();
    }

    /** Finds an instance by name (any case) or by the start of its id. */
    public InstanceRecord find(String nameOrId) {
        return runtime.find(nameOrId);
    }

    public EngineCatalog catalog() {
        return catalog;
    }

    public DockerInfo dockerInfo() {
        return docker.info();
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

    /**
     * Asks Docker once (one list call) for every instance's container and, when {@code probe} is
     * set, checks the running ones for readiness in parallel. Returns the updated snapshots.
     */
    public List<InstanceSnapshot> refresh(boolean probe) {
        for (InstanceService other : followed.services()) {
            try {
                other.refresh(probe);
            } catch (RuntimeException away) {
                LOG.info("Could not refresh {}: {}", other.docker.quickPlace().shortName(), away.getMessage());
            }
        }
        return shown(reconcile.refresh(probe));
    }

    /**
     * The states as they are, for read-only commands: one list call and a protocol knock on the
     * running servers; no recovery, no adoption, no login (see {@code Reconcile.look}).
     */
    public List<InstanceSnapshot> look() {
        return reconcile.look();
    }

    /** Said once after the store had to be recovered from its backup. */
    public Optional<String> storeNotice() {
        List<String> notes = new ArrayList<>();
        store.recoveryNotice().ifPresent(notes::add);
        recovery.notice().ifPresent(notes::add);
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", notes));
    }




    // ---- connection details ------------------------------------------------------------------

    public EngineSpec engine(InstanceRecord r) {
        return runtime.engine(r);
    }

    public EngineVersion version(InstanceRecord r) {
        return runtime.version(r);
    }

    public String password(InstanceRecord r) {
        return runtime.password(r); // a file on this computer, whichever engine runs the instance
    }

    /** host:port as listings show it (the window's Address column, `dbdock list`); never waits for Docker. */
    public String address(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? runtime.address(r) : o.address(r);
    }

    /** Host, port and credentials a client on this computer uses. */
    public Endpoint endpoint(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? runtime.endpoint(r) : o.endpoint(r);
    }

    /** URI, JDBC URL, env lines and their parts, with the stored password (read from its file: not on the FX thread). */
    public ConnectionInfo connection(InstanceRecord r) {
        return ConnectionInfo.of(engine(r), endpoint(r));
    }

    /**
     * Remembers an SSH machine's host key in ~/.ssh/known_hosts (the user compared its fingerprint),
     * so the next connection to it goes ahead.
     */
    public void trustHostKey(io.dbdock.common.Remedy.TrustHostKey key) {
        try {
            io.dbdock.ssh.KnownHosts.add(java.nio.file.Path.of(System.getProperty("user.home")), key.knownHostsLine());
        } catch (java.io.IOException e) {
            throw UserFacingException.failed("Could not write ~/.ssh/known_hosts: " + e.getMessage() + ".", e);
        }
        LOG.info("SSH host key of {} ({}) added to ~/.ssh/known_hosts", key.host(), key.fingerprint());
    }

    /** Whether this computer reaches the instance through an SSH tunnel (its engine is on another machine). */
    public boolean reachedThroughTunnel(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? runtime.reachedThroughTunnel(r) : o.reachedThroughTunnel(r);
    }

    /**
     * Opens, or opens again after a lost connection, the tunnel to an instance on an engine reached
     * over SSH, and says where it is on this computer (password as stars); empty when the instance's
     * engine publishes its ports on this computer, where no tunnel is needed.
     */
    public Optional<Endpoint> tunnel(InstanceRecord r) {
        InstanceService o = owner(r);
        if (o != this) {
            return o.tunnel(r);
        }
        runtime.checkLivesHere(r);
        if (!runtime.docker().tunnelled()) {
            return Optional.empty();
        }
        runtime.docker().ping(); // connects again if the last connection was lost
        return Optional.of(runtime.endpoint(r, "****"));
    }

    /** The connection ({@link #connection}) with the password shown as stars (for listings a user may share). */
    public ConnectionInfo connectionWithoutPassword(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? ConnectionInfo.of(engine(r), runtime.endpoint(r, "****")) : o.connectionWithoutPassword(r);
    }

    public String image(InstanceRecord r) {
        return runtime.image(r);
    }

    /** Whether the image a new instance of this engine and version would run is on this machine already (no pull). */
    public boolean imageAvailable(EngineSpec engine, EngineVersion version) {
        return docker.imageExists(runtime.image(engine, version));
    }

    /** The docker CLI command that opens the engine's client inside the container, on a terminal. */
    public List<String> shellCommand(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? clients.shellCommand(r, true) : o.shellCommand(r);
    }

    /** The same for a running instance (refused plainly otherwise); {@code tty} off reads a piped script. */
    public List<String> shellCommand(String nameOrId, boolean tty) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.shellCommand(nameOrId, tty);
        }
        return clients.shellCommandIfRunning(nameOrId, tty);
    }

    /** The docker CLI command that runs {@code command} in a running instance's container (it finds the password file through DBDOCK_PASSWORD_FILE). */
    public List<String> execCommand(String nameOrId, List<String> command, boolean tty) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.execCommand(nameOrId, command, tty);
        }
        return clients.execCommand(nameOrId, command, tty);
    }

    /** Runs one statement with the engine's client in a running instance (engine API, no docker CLI); returns the client's exit code. */
    public int runStatement(String nameOrId, String statement, java.io.OutputStream out, Consumer<String> errorLine) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.runStatement(nameOrId, statement, out, errorLine);
        }
        return clients.runStatement(nameOrId, statement, out, errorLine);
    }

    // ---- create ----------------------------------------------------------------------------

    /**
     * What create did besides the obvious: e.g. "reused the data kept at ...".
     *
     * @param reusedData whether it took over data kept from an earlier instance of that name (a project's init scripts do not run again)
     */
    public record Created(InstanceSnapshot snapshot, List<String> notes, boolean reusedData) {
    }

    public Created create(CreateRequest request, Consumer<InstanceSnapshot> progress) {
        if (request.context() != null) {
            return onEngine(request.context()).create(request.onEngine(null), progress);
        }
        return creation.create(request, progress);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    /** Starts an instance (recreating its container if it went missing) and, if asked, waits until Ready. */
    public InstanceSnapshot start(String nameOrId, boolean waitReady) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.start(nameOrId, waitReady);
        }
        InstanceRecord record = find(nameOrId);
        return runtime.withLock(record, () -> runtime.startHeld(record, waitReady));
    }

    public InstanceSnapshot stop(String nameOrId) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.stop(nameOrId);
        }
        InstanceRecord record = find(nameOrId);
        return runtime.withLock(record, () -> {
            if (docker.inspect(record.containerName()).isEmpty()) {
                return runtime.publish(record, InstanceState.MISSING, StateMapper.fromContainer(null).detail(), -1);
            }
            runtime.publish(record, InstanceState.STOPPING, "", -1);
            docker.stop(record.containerName(), InstanceRuntime.STOP_TIMEOUT_SECONDS);
            return runtime.publish(record, InstanceState.STOPPED, "", -1);
        });
    }

    public InstanceSnapshot restart(String nameOrId, boolean waitReady) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.restart(nameOrId, waitReady);
        }
        stop(nameOrId);
        return start(nameOrId, waitReady);
    }

    /** Where the data stays after a delete that keeps it, or empty when it was deleted. */
    public Optional<String> delete(String nameOrId, boolean deleteData) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.delete(nameOrId, deleteData);
        }
        InstanceRecord record = find(nameOrId);
        return runtime.withLock(record, () -> runtime.deleteHeld(record, deleteData, interrupted));
    }


    // ---- settings of an instance --------------------------------------------------------------

    /**
     * Changes an instance's settings at once: checked first, written together, and the container
     * recreated on the same data at most once (only for a new address or port); a running
     * instance starts again. A refused change changes nothing.
     */
    public InstanceSnapshot change(String nameOrId, InstanceChanges changes, boolean waitReady) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.change(nameOrId, changes, waitReady);
        }
        return editing.change(nameOrId, changes, waitReady);
    }

    /** Renames an instance. Its container, folder and volume keep the names they were given at creation. */
    public InstanceSnapshot rename(String nameOrId, String newName) {
        return change(nameOrId, InstanceChanges.none().withName(newName), false);
    }

    /** Writes down which project an instance belongs to (its folder, an init script's failure); nothing else changes. */
    public InstanceSnapshot setProject(String nameOrId, io.dbdock.model.ProjectMembership project) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.setProject(nameOrId, project); // that engine's service reports the instance
        }
        InstanceRecord found = find(nameOrId);
        InstanceRecord changed = store.update(records -> InstanceRuntime.replace(records, found.id(), r -> r.withProject(project)));
        InstanceSnapshot now = runtime.snapshot(changed);
        return runtime.publish(changed, now.state(), now.detail(), now.progress());
    }

    /**
     * Runs a project's init file in a running instance with the engine's client. Empty when it ran
     * through; otherwise one line starting with {@code shownAs}: the line and the server's message.
     */
    public Optional<String> runInitScript(String nameOrId, Path file, String shownAs) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.runInitScript(nameOrId, file, shownAs);
        }
        InstanceRecord r = find(nameOrId);
        if (!runtime.isRunning(r)) {
            throw UserFacingException.conflict("'" + r.name() + "' is not running. Start it first.");
        }
        return new InitScripts(docker).run(r, engine(r).scriptRunner(), file, shownAs);
    }

    public InstanceSnapshot setAutoStart(String nameOrId, boolean autoStart) {
        return change(nameOrId, InstanceChanges.none().withAutoStart(autoStart), false);
    }

    /** Publishes the instance on another host address (127.0.0.1: this computer only; 0.0.0.0: the network too). */
    public InstanceSnapshot changeBindAddress(String nameOrId, String bindAddress, boolean waitReady) {
        return change(nameOrId, InstanceChanges.none().withBindAddress(bindAddress), waitReady);
    }

    /** Gives an instance a new port: the one given, or (null) the next free one. */
    public InstanceSnapshot reassignPort(String nameOrId, Integer port, boolean waitReady) {
        return change(nameOrId, port != null ? InstanceChanges.none().withPort(port) : InstanceChanges.none().withNewPort(), waitReady);
    }

    /** Starts every instance marked auto-start that is not running (when the desktop app starts). */
    public List<String> startAutoStartInstances() {
        List<String> started = new ArrayList<>();
        io.dbdock.model.EnginePlace here = docker.place();
        // One list call for all of them, not an inspect per instance.
        Set<String> running = docker.listManaged().stream()
                .filter(c -> "running".equals(c.state()) && !"helper".equals(c.label(io.dbdock.docker.Labels.ROLE)))
                .map(c -> c.label(io.dbdock.docker.Labels.INSTANCE)).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet());
        for (InstanceRecord r : store.load()) {
            // Another engine's instances start when dbdock talks to that engine.
            if (r.autoStart() && r.livesOn(here) && !running.contains(r.id().toString())) {
                try {
                    start(r.id().toString(), false);
                    started.add(r.name());
                } catch (UserFacingException e) {
                    LOG.warn("Could not auto-start {}: {}", r.name(), e.getMessage());
                    runtime.publish(r, InstanceState.ERROR, "Could not start it automatically: " + e.getMessage(), -1);
                }
            }
        }
        return started;
    }

    /** Streams the container's log lines; with follow, until the returned handle is closed. */
    public DockerStream logs(String nameOrId, boolean follow, int tail, Consumer<String> line) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.logs(nameOrId, follow, tail, line);
        }
        InstanceRecord record = find(nameOrId);
        if (docker.inspect(record.containerName()).isEmpty()) {
            throw UserFacingException.notFound("The container of '" + record.name()
                    + "' is missing, so there are no logs. Start the instance to recreate it.");
        }
        return docker.logs(record.containerName(), follow, tail, line);
    }

    /** Follows the container's CPU and memory use until the returned handle is closed. */
    public DockerStream stats(String nameOrId, Consumer<io.dbdock.model.ResourceSample> sample) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.stats(nameOrId, sample);
        }
        InstanceRecord record = find(nameOrId);
        return docker.stats(record.containerName(), sample);
    }

    // ---- data: backups, restore, clone, upgrade, schedules, storage (one class each) -----------

    /** An instance's backups in its backups folder, newest first. */
    public List<BackupInfo> backups(String nameOrId) {
        return backups.backups(nameOrId);
    }

    /** Where an instance's backups are kept (no file is read: safe on the FX thread). */
    public Path backupFolder(InstanceRecord r) {
        return backups.backupFolder(r);
    }

    public void deleteBackup(Path file) {
        backups.deleteBackup(file);
    }

    /**
     * Backs an instance up with its engine's own dump tool while it runs (a stopped one is started
     * for the dump and stopped again), into its backups folder or to {@code to}.
     */
    public BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.backup(nameOrId, to, progress);
        }
        return backups.backup(nameOrId, to, progress);
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
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.restore(nameOrId, file, progress);
        }
        return restores.restore(nameOrId, file, progress);
    }

    /** A new instance (new name, port and password) with a copy of another's data. */
    public Created cloneInstance(String sourceNameOrId, String newName, Consumer<TransferProgress> progress) {
        InstanceService o = owner(sourceNameOrId);
        if (o != this) {
            return o.cloneInstance(sourceNameOrId, newName, progress);
        }
        return restores.cloneInstance(sourceNameOrId, newName, progress);
    }

    /**
     * A new instance from a dump file: engine and version from the backup's record, or as given
     * (needed for a plain dump without one). Checked first; removed again if the load fails.
     */
    public Created restoreAsNew(Path file, String newName, String engine, String version, Consumer<TransferProgress> progress) {
        return restores.restoreAsNew(file, newName, engine, version, progress);
    }

    public Optional<BackupSchedule> backupSchedule(String nameOrId) {
        return backups.backupSchedule(nameOrId);
    }

    /** Sets (or, with empty, ends) an instance's automatic backups; they run while the dbdock app runs. */
    public void setBackupSchedule(String nameOrId, Optional<BackupSchedule> schedule) {
        backups.setBackupSchedule(nameOrId, schedule);
    }

    /** Makes the scheduled backups due at {@code now} and prunes old ones; what each one did. */
    public List<ScheduledBackup> runScheduledBackups(Instant now) {
        List<ScheduledBackup> made = new ArrayList<>(backups.runScheduledBackups(now));
        for (InstanceService other : followed.services()) {
            made.addAll(other.runScheduledBackups(now)); // each engine backs up its own running instances
        }
        return made;
    }

    /**
     * What an upgrade did.
     *
     * @param snapshot  the instance on the new version
     * @param backup    the backup taken before (kept in the instance's backups)
     * @param checked   tables (or Redis databases) whose row (key) counts were compared and matched
     * @param oldData   the storage of the old version, kept for a rollback
     * @param keys      whether the counts are of keys in databases (Redis, Valkey), not rows in tables
     */
    public record Upgraded(InstanceSnapshot snapshot, BackupInfo backup, int checked, String oldData, boolean keys) {
        /** What was compared, as a sentence: "Row counts of 3 tables match the original." (keys of databases on Redis and Valkey). */
        public String comparison() {
            if (checked == 0) {
                return "There was no data to compare.";
            }
            String things = keys ? (checked == 1 ? "database" : "databases") : (checked == 1 ? "table" : "tables");
            return (keys ? "Key" : "Row") + " counts of " + checked + " " + things + " match the original.";
        }
    }

    /**
     * Moves an instance to a newer major version: backup, new container and storage on the new
     * version, restore, row/key counts compared, then the switch keeping name, port and password.
     * The old storage is kept for {@link #rollBackUpgrade}.
     */
    public Upgraded upgrade(String nameOrId, String target, Consumer<TransferProgress> progress) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.upgrade(nameOrId, target, progress);
        }
        return upgrades.upgrade(nameOrId, target, progress);
    }

    /**
     * Where an instance can be upgraded to: the newer versions of its engine ("18"), then the
     * versions of the engine it can switch to ("valkey:9", from Redis 7.2), newest last in each.
     *
     * @param target         what {@link #upgrade} takes
     * @param label          what a user reads ("18", "Valkey 9")
     * @param switchesEngine a move to another engine ("valkey:9"), not a newer version of the same one
     */
    public record UpgradeTarget(String target, String label, boolean switchesEngine) {
        /** The label: choice lists show a target by its string. */
        @Override
        public String toString() {
            return label;
        }
    }

    public List<UpgradeTarget> upgradeTargets(InstanceRecord r) {
        InstanceService o = owner(r);
        return o == this ? upgrades.targets(r) : o.upgradeTargets(r);
    }

    /** The last upgrade, while its old data is still there to roll back to. */
    public Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.lastUpgrade(nameOrId);
        }
        return upgrades.lastUpgrade(nameOrId);
    }

    public InstanceSnapshot rollBackUpgrade(String nameOrId) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.rollBackUpgrade(nameOrId);
        }
        return upgrades.rollBackUpgrade(nameOrId);
    }

    /** Sets the password inside the database to the stored one (its data was made with another). */
    public InstanceSnapshot fixPassword(String nameOrId) {
        InstanceService o = owner(nameOrId);
        if (o != this) {
            return o.fixPassword(nameOrId);
        }
        return passwordRepairs.fixPassword(nameOrId);
    }

    /** Every storage dbdock manages, with sizes: slow, never on the FX thread. */
    public List<StorageEntry> storage() {
        return storageOps.storageEntries();
    }

    /** Removes one storage entry by name or location (refused while in use). */
    public StorageEntry removeStorage(String nameOrLocation) {
        return storageOps.removeStorage(nameOrLocation);
    }

    public void removeStorage(StorageEntry entry) {
        storageOps.removeStorage(entry);
    }

    // ---- state -------------------------------------------------------------------------------

    @Override
    public void close() {
        docker.close();
    }
}
