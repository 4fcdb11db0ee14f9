package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupSchedule;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.DumpFile;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.DumpSpec;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.PasswordRepair;
import io.dbdock.engine.ProbeKind;
import io.dbdock.storage.StorageEntry;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageOverview;
import io.dbdock.store.DataRoot;
import io.dbdock.store.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link InstanceService} does with an instance's data: backups, restore, clone, major
 * upgrades, scheduled backups, the password inside the data, and the storage overview. The
 * service's public methods delegate here; this class changes instances only through the
 * service's locks and lifecycle steps.
 */
final class DataOperations {
    private static final Logger LOG = LoggerFactory.getLogger(DataOperations.class);

    private final InstanceService service;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final InstanceContainers containers;
    private final Interrupted interrupted;
    private final BackupStore backups;
    private final DataTransfer transfer;
    private final StorageOverview overview;

    DataOperations(InstanceService service, EngineCatalog catalog, InstanceStore store, DockerGateway docker,
                   StorageManager storage, InstanceContainers containers, Interrupted interrupted, DataRoot root) {
        this.service = service;
        this.catalog = catalog;
        this.store = store;
        this.docker = docker;
        this.storage = storage;
        this.containers = containers;
        this.interrupted = interrupted;
        this.backups = new BackupStore(root);
        this.transfer = new DataTransfer(docker);
        this.overview = new StorageOverview(root, docker);
    }

    // ---- data: backups, restore, clone ------------------------------------------------------

    /** An instance's backups in its backups folder, newest first. */
    List<BackupInfo> backups(String nameOrId) {
        return backups.list(service.find(nameOrId).slug());
    }

    /** Where an instance's backups are kept (no file is read: safe on the FX thread). */
    Path backupFolder(InstanceRecord r) {
        return backups.folderFor(r.slug());
    }

    void deleteBackup(Path file) {
        backups.delete(file);
    }

    /**
     * Backs an instance up with its engine's own dump tool while it runs (a stopped one is started
     * for the dump and stopped again), into its backups folder or to {@code to}.
     */
    BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress) {
        return backup(nameOrId, to, progress, false);
    }

    private BackupInfo backup(String nameOrId, Path to, Consumer<TransferProgress> progress, boolean scheduled) {
        InstanceRecord found = service.find(nameOrId);
        if (to != null && Files.exists(to)) {
            throw UserFacingException.conflict(to + " already exists. Choose another file name, or delete that file first.");
        }
        return service.withLock(found, () -> {
            InstanceRecord r = service.current(found);
            boolean wasRunning = service.isRunning(r);
            if (!wasRunning) {
                requireReady(service.startHeld(r, true), "for the backup");
            } else {
                refreshSecrets(r); // a container an older dbdock made may lack a file the tools now read
            }
            try {
                Path target = to != null ? to.toAbsolutePath() : backups.newFile(r.slug(), service.engine(r).dump().extension(), Instant.now());
                BackupInfo made = transfer.dump(r, service.engine(r), service.credentials(r), service.image(r), target, progress);
                BackupInfo info = scheduled ? made.asScheduled() : made;
                backups.writeInfo(info);
                return info;
            } finally {
                if (!wasRunning) {
                    InstanceService.attempt("stop the instance again", () -> service.stopHeld(r));
                }
            }
        });
    }

    /**
     * Replaces an instance's data with a dump. The file is checked from end to end first; the
     * dump is loaded into new storage beside the current one, and the instance switches to it
     * only once the load succeeded and the database is Ready. On any failure the instance goes
     * back to its old data, unchanged. The old storage is kept (see {@link InstanceService.Restored}).
     */
    InstanceService.Restored restore(String nameOrId, Path file, Consumer<TransferProgress> progress) {
        InstanceRecord found = service.find(nameOrId);
        EngineSpec engine = service.engine(found);
        DumpFile dump = DumpFile.inspect(file, engine, catalog,
                raw -> report(progress, new TransferProgress("Checking the file", raw, -1)));
        return service.withLock(found, () -> restoreHeld(service.current(found), dump, progress, false));
    }

    private InstanceService.Restored restoreHeld(InstanceRecord r, DumpFile dump, Consumer<TransferProgress> progress, boolean discardPrevious) {
        EngineSpec engine = service.engine(r);
        boolean wasRunning = service.isRunning(r);
        String fresh = storage.newDataLocation(r, STAMP.format(Instant.now()), containers.labels(r));
        InstanceRecord next = r.withStorageLocation(fresh);
        LOG.info("Restoring {} from {} into {}", r.name(), dump.path(), fresh);
        interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
        service.stopAndRemove(r);
        try {
            fill(next, engine, dump, progress);
        } catch (RuntimeException e) {
            LOG.warn("Restore of {} failed; going back to its old data: {}", r.name(), e.toString());
            InstanceService.attempt("remove the half-restored container", () -> service.stopAndRemove(next));
            InstanceService.attempt("remove the half-restored data", () -> storage.removeDataLocation(r, fresh, service.image(r)));
            InstanceService.attempt("put the instance back on its data", () -> service.recreate(r, wasRunning, false, false));
            interrupted.clear(r.id());
            throw e;
        }
        store.update(records -> InstanceService.replace(records, r.id(), x -> next));
        storage.recordLocation(next);
        interrupted.clear(r.id());
        InstanceSnapshot result;
        if (wasRunning) {
            result = service.snapshot(next);
        } else {
            result = service.stopHeld(next);
        }
        String previous = r.storageLocation();
        if (discardPrevious) {
            InstanceService.attempt("remove the unused first data", () -> storage.removeDataLocation(next, previous, service.image(next)));
        }
        LOG.info("InstanceService.Restored {} from {} ({} bytes)", r.name(), dump.path(), dump.rawBytes());
        return new InstanceService.Restored(result, discardPrevious ? null : previous);
    }

    /** Gives an instance on new, empty storage the dump's data and leaves it running and Ready. */
    private void fill(InstanceRecord next, EngineSpec engine, DumpFile dump, Consumer<TransferProgress> progress) {
        EngineVersion version = service.version(next);
        Credentials credentials = service.credentials(next);
        DumpSpec.Load load = engine.dump().load();
        if (load.intoRunningServer()) {
            service.createAndStart(next, engine, version, false, null);
            requireReady(service.awaitReady(next, null), "to load the dump");
            Interrupted.haltIfAsked("replace:filling");
            transfer.load(next, engine, credentials, dump, progress);
            return;
        }
        String id = containers.create(next, engine, version, credentials, load.startArguments());
        report(progress, new TransferProgress("Loading", 0, dump.rawBytes()));
        transfer.placeDataFile(id, version.dataMount(), engine.dump(), dump);
        report(progress, new TransferProgress("Loading", dump.rawBytes(), dump.rawBytes()));
        docker.start(id);
        requireReady(service.awaitReady(next, null), "with the dump loaded");
        transfer.finishDataFile(next, engine);
        service.stopAndRemove(next);
        service.createAndStart(next, engine, version, false, null);
        requireReady(service.awaitReady(next, null), "on the restored data");
    }

    /**
     * A new instance (new name, port and password) with a copy of another's data: a backup of
     * the source restored into a new instance of the same engine, version and storage kind.
     */
    InstanceService.Created cloneInstance(String sourceNameOrId, String newName, Consumer<TransferProgress> progress) {
        InstanceRecord source = service.find(sourceNameOrId);
        InstanceService.check(InputRules.nameProblem(newName));
        Path temp = backups.folderFor(source.slug()).resolve(".clone-" + UUID.randomUUID() + "." + service.engine(source).dump().extension() + ".gz");
        try {
            backup(source.id().toString(), temp, progress);
            DumpFile dump = DumpFile.inspect(temp, service.engine(source), catalog, null);
            InstanceService.Created copy = intoNewInstance(new CreateRequest(source.engine(), source.version(), newName, null,
                    source.bindAddress(), null, source.storage(), true), dump, progress);
            LOG.info("Cloned {} into {}", source.name(), newName);
            return copy;
        } finally {
            InstanceService.attempt("remove the temporary dump", () -> backups.delete(temp));
        }
    }

    /**
     * A new instance made from a dump file: engine and version from the backup's record (or as
     * given, for a plain dump), a new port and password, the default storage.
     */
    InstanceService.Created restoreAsNew(Path file, String newName, String engineId, String versionId,
                                         Consumer<TransferProgress> progress) {
        InstanceService.check(InputRules.nameProblem(newName));
        Optional<BackupInfo> recorded = BackupStore.readInfo(file);
        String engine = engineId != null ? engineId : recorded.map(BackupInfo::engine).orElseThrow(() -> UserFacingException.invalid(
                file.getFileName() + " has no dbdock record saying which engine made it: give the engine (and version) "
                        + "of the new instance."));
        EngineSpec spec = catalog.find(engine).orElseThrow(() -> UserFacingException.invalid("Unknown engine '" + engine + "'."));
        String version = versionId != null ? versionId : recorded.filter(b -> b.engine().equals(engine)).map(BackupInfo::version)
                .orElse(spec.defaultVersion());
        DumpFile dump = DumpFile.inspect(file, spec, catalog, raw -> report(progress, new TransferProgress("Checking the file", raw, -1)));
        return intoNewInstance(new CreateRequest(engine, version, newName, null, null, null, null, true), dump, progress);
    }

    /** Creates an instance and replaces its (empty) data with the dump; removes it again if that fails. */
    private InstanceService.Created intoNewInstance(CreateRequest request, DumpFile dump, Consumer<TransferProgress> progress) {
        InstanceService.Created created = service.create(request, null);
        InstanceRecord copy = created.snapshot().record();
        try {
            InstanceService.Restored restored = service.withLock(copy, () -> restoreHeld(service.current(copy), dump, progress, true));
            return new InstanceService.Created(restored.snapshot(), created.notes());
        } catch (RuntimeException e) {
            InstanceService.attempt("remove the unfinished instance", () -> service.delete(copy.id().toString(), true));
            throw e;
        }
    }

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

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

    Optional<BackupSchedule> backupSchedule(String nameOrId) {
        return BackupSchedule.read(Path.of(service.find(nameOrId).home()));
    }

    /** Sets (or, with empty, ends) an instance's automatic backups; they run while the dbdock app runs. */
    void setBackupSchedule(String nameOrId, Optional<BackupSchedule> schedule) {
        schedule.ifPresent(x -> InstanceService.check(BackupSchedule.problemWith(x.everyHours(), x.keep())));
        InstanceRecord r = service.find(nameOrId);
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
    List<String> runScheduledBackups(Instant now) {
        List<String> report = new ArrayList<>();
        for (InstanceRecord r : store.load()) {
            Optional<BackupSchedule> schedule = BackupSchedule.read(Path.of(r.home()));
            if (schedule.isEmpty() || !service.isRunning(r)) {
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
     * Moves an instance to a newer major version the only safe way: a backup with the old
     * version's tools, a new container and storage on the new version, the backup loaded into it,
     * and row/key counts compared; then the instance switches over, keeping its name, port and
     * password. The old storage is kept, so {@link #rollBackUpgrade} can switch back in one step.
     * If anything fails, the instance stays on its old version and data.
     */
    InstanceService.Upgraded upgrade(String nameOrId, String targetVersion, Consumer<TransferProgress> progress) {
        InstanceRecord found = service.find(nameOrId);
        EngineSpec engine = service.engine(found);
        EngineVersion from = service.version(found);
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
        return service.withLock(found, () -> {
            InstanceRecord r = service.current(found);
            boolean wasRunning = service.isRunning(r);
            if (!wasRunning) {
                requireReady(service.startHeld(r, true), "for the upgrade");
            } else {
                refreshSecrets(r);
            }
            Map<String, Long> before = counts(r, engine);
            Path file = backups.newFile(r.slug(), engine.dump().extension(), Instant.now());
            BackupInfo backup = transfer.dump(r, engine, service.credentials(r), service.image(r), file, progress);
            backups.writeInfo(backup);
            DumpFile dump = DumpFile.inspect(file, engine, catalog, null);
            containers.ensureImage(engine, to, percent -> report(progress, new TransferProgress("Downloading the "
                    + to.version() + " image", percent, 100)));
            String fresh = storage.newDataLocation(r, STAMP.format(Instant.now()), containers.labels(r.withVersion(to.version())));
            InstanceRecord next = r.withVersion(to.version()).withStorageLocation(fresh);
            LOG.info("Upgrading {} from {} {} to {} into {}", r.name(), engine.id(), from.version(), to.version(), fresh);
            interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
            service.stopAndRemove(r);
            try {
                fill(next, engine, dump, progress);
                compareCounts(r, before, counts(next, engine));
            } catch (RuntimeException e) {
                LOG.warn("Upgrade of {} failed; back to {} {}: {}", r.name(), engine.id(), from.version(), e.toString());
                InstanceService.attempt("remove the new version's container", () -> service.stopAndRemove(next));
                InstanceService.attempt("remove the new version's data", () -> storage.removeDataLocation(r, fresh, service.image(next)));
                InstanceService.attempt("put the instance back on its old version", () -> service.recreate(r, wasRunning, false, false));
                interrupted.clear(r.id());
                throw e;
            }
            store.update(records -> InstanceService.replace(records, r.id(), x -> next));
            storage.recordLocation(next);
            interrupted.clear(r.id());
            Upgrades.write(Path.of(r.home()), new Upgrades.Upgrade(from.version(), r.storageLocation(), to.version(), Instant.now()));
            InstanceSnapshot result = wasRunning ? service.snapshot(next) : service.stopHeld(next);
            LOG.info("InstanceService.Upgraded {} to {} {} ({} tables or key spaces compared)", r.name(), engine.id(), to.version(), before.size());
            return new InstanceService.Upgraded(result, backup, before.size(), r.storageLocation());
        });
    }

    /** The version an instance can be rolled back to (its last upgrade, with the old data still there), if any. */
    Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        InstanceRecord r = service.find(nameOrId);
        return Upgrades.read(Path.of(r.home())).filter(u -> u.toVersion().equals(r.version()) && storage.stillThere(r, u.oldLocation()));
    }

    /**
     * Switches an upgraded instance back to its old version and the data it had then (changes
     * made on the new version stay in its storage, set aside). Same name, port and password.
     */
    InstanceSnapshot rollBackUpgrade(String nameOrId) {
        InstanceRecord found = service.find(nameOrId);
        Upgrades.Upgrade upgrade = lastUpgrade(nameOrId).orElseThrow(() -> UserFacingException.conflict(
                "'" + found.name() + "' has no upgrade to roll back (or its old data was removed)."));
        return service.withLock(found, () -> {
            InstanceRecord r = service.current(found);
            boolean wasRunning = service.isRunning(r);
            InstanceRecord back = r.withVersion(upgrade.fromVersion()).withStorageLocation(upgrade.oldLocation());
            service.stopAndRemove(r);
            try {
                InstanceSnapshot s = service.recreate(back, true, false, true);
                requireReady(s, "on its old version");
            } catch (RuntimeException e) {
                InstanceService.attempt("remove the old version's container", () -> service.stopAndRemove(back));
                InstanceService.attempt("put the instance back on the new version", () -> service.recreate(r, wasRunning, false, false));
                throw e;
            }
            store.update(records -> InstanceService.replace(records, r.id(), x -> back));
            storage.recordLocation(back);
            Upgrades.clear(Path.of(r.home()));
            LOG.info("Rolled {} back to {} {}", r.name(), r.engine(), upgrade.fromVersion());
            return wasRunning ? service.snapshot(back) : service.stopHeld(back);
        });
    }

    /** Row or key counts of a running instance, by table or key space (empty when the engine has no check here). */
    private Map<String, Long> counts(InstanceRecord r, EngineSpec engine) {
        if (engine.dump().counts().isEmpty()) {
            return Map.of();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DockerGateway.ExecResult result = docker.exec(r.containerName(), engine.dump().counts().get().apply(service.credentials(r)),
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
    InstanceSnapshot fixPassword(String nameOrId) {
        InstanceRecord found = service.find(nameOrId);
        EngineSpec engine = service.engine(found);
        // Redis reads its password from the configuration dbdock writes; MongoDB keeps its users in the data.
        PasswordRepair repair = engine.dump().resetPassword().orElseThrow(() -> UserFacingException.invalid(engine.probe() == ProbeKind.REDIS
                ? engine.displayName() + " takes its password from the configuration dbdock writes, so there is nothing to fix: "
                        + "restart '" + found.name() + "'."
                : "dbdock cannot change " + engine.displayName() + "'s password without the one its data was made with. Delete '"
                        + found.name() + "' with its data and create it again, or restore a backup into a new instance."));
        return service.withLock(found, () -> {
            InstanceRecord r = service.current(found);
            if (!service.isRunning(r)) {
                throw UserFacingException.conflict("'" + r.name() + "' is not running. Start it, then fix its password.");
            }
            InstanceSnapshot s = repair instanceof PasswordRepair.Exec exec ? repairInside(r, engine, exec)
                    : repairByStarting(r, engine, (PasswordRepair.StartWithInitFile) repair);
            LOG.info("Set the database password of {} to the stored one", r.name());
            return s;
        });
    }

    private void refreshSecrets(InstanceRecord r) {
        containers.refreshSecrets(r, service.engine(r), service.version(r), service.credentials(r));
    }

    private InstanceSnapshot repairInside(InstanceRecord r, EngineSpec engine, PasswordRepair.Exec exec) {
        DockerGateway.ExecResult result = docker.exec(r.containerName(), exec.command().apply(service.credentials(r)), Map.of(), null,
                java.io.OutputStream.nullOutputStream(), line -> { });
        if (!result.ok()) {
            throw UserFacingException.failed("dbdock could not get into " + engine.displayName() + " to change the password of '"
                    + r.name() + "' (" + result.lastError() + "). Without the password its data was made with, delete the "
                    + "instance with its data and create it again, or restore a backup into a new instance.", null);
        }
        InstanceSnapshot s = service.awaitReady(r, null);
        requireReady(s, "with the stored password");
        return s;
    }

    /** One start with the statements file, then a normal start; if the first fails, the instance is put back as it was. */
    private InstanceSnapshot repairByStarting(InstanceRecord r, EngineSpec engine, PasswordRepair.StartWithInitFile initFile) {
        EngineVersion version = service.version(r);
        Credentials credentials = service.credentials(r);
        service.stopAndRemove(r);
        try {
            String id = containers.create(r, engine, version, credentials, initFile.startArguments());
            docker.copyFiles(id, Map.of(initFile.path(), initFile.statements().apply(credentials)));
            docker.start(id);
            requireReady(service.awaitReady(r, null), "with the stored password");
        } catch (RuntimeException e) {
            LOG.warn("Setting the password of {} at start failed: {}", r.name(), e.toString());
            InstanceService.attempt("start the instance normally again", () -> service.recreate(r, true, false, false));
            throw e instanceof UserFacingException u ? u : UserFacingException.failed("dbdock could not set the password of '"
                    + r.name() + "' inside " + engine.displayName() + " (" + e.getMessage() + "). The instance runs as before.", e);
        }
        // Started normally again: the statements file goes with the container it was copied into.
        InstanceSnapshot s = service.recreate(r, true, false, true);
        requireReady(s, "with the stored password");
        return s;
    }

    // ---- storage overview ---------------------------------------------------------------------

    /** Every storage dbdock manages, with sizes (one volume call, folder walks): slow, never on the FX thread. */
    List<StorageEntry> storageEntries() {
        List<InstanceRecord> records = store.load();
        return overview.list(records, anyLocalImage(records));
    }

    /**
     * Removes one storage entry by its name (or location). Refused while a running container uses
     * it, and for the storage an instance runs on (delete the instance with its data instead).
     */
    StorageEntry removeStorage(String nameOrLocation) {
        StorageEntry entry = storageEntries().stream()
                .filter(e -> e.name().equals(nameOrLocation) || e.location().equals(nameOrLocation))
                .findFirst()
                .orElseThrow(() -> UserFacingException.notFound("dbdock manages no storage named '" + nameOrLocation
                        + "'. See: dbdock storage list"));
        removeStorage(entry);
        return entry;
    }

    void removeStorage(StorageEntry entry) {
        if (entry.running()) {
            throw UserFacingException.conflict(entry.name() + " is in use by the running instance '" + entry.instance()
                    + "'. Stop it first.");
        }
        switch (entry.role()) {
            case IN_USE -> throw UserFacingException.conflict(entry.name() + " holds the data of '" + entry.instance()
                    + "'. To remove it, delete the instance with: dbdock rm " + InstanceService.quoteName(entry.instance()) + " --delete-data");
            case PREVIOUS -> {
                InstanceRecord owner = service.find(entry.instance());
                service.withLock(owner, () -> {
                    storage.removeDataLocation(service.current(owner), entry.location(), service.image(owner));
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
        return records.stream().map(service::image).distinct().filter(docker::imageExists).findFirst();
    }
}
