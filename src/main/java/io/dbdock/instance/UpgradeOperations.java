package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.DumpFile;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.storage.StorageManager;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Major upgrades (counted, backed up, loaded into a new version's storage, counted again, switched) and their rollback. */
final class UpgradeOperations {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeOperations.class);

    private final InstanceRuntime runtime;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final InstanceContainers containers;
    private final Interrupted interrupted;
    private final BackupStore backups;
    private final DataTransfer transfer;
    private final RestoreOperations restoreOps;

    UpgradeOperations(InstanceRuntime runtime, Interrupted interrupted, BackupStore backups, DataTransfer transfer, RestoreOperations restoreOps) {
        this.runtime = runtime;
        this.catalog = runtime.catalog();
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.storage = runtime.storage();
        this.containers = runtime.containers();
        this.interrupted = interrupted;
        this.backups = backups;
        this.transfer = transfer;
        this.restoreOps = restoreOps;
    }

    /**
     * Moves an instance to a newer major version the only safe way: a backup with the old
     * version's tools, a new container and storage on the new version, the backup loaded into it,
     * and row/key counts compared; then the instance switches over, keeping its name, port and
     * password. The old storage is kept, so {@link #rollBackUpgrade} can switch back in one step.
     * If anything fails, the instance stays on its old version and data.
     */
    InstanceService.Upgraded upgrade(String nameOrId, String targetVersion, Consumer<TransferProgress> progress) {
        InstanceRecord found = runtime.find(nameOrId);
        EngineSpec engine = runtime.engine(found);
        EngineVersion from = runtime.version(found);
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
        return runtime.withLock(found, () -> {
            InstanceRecord r = runtime.current(found);
            boolean wasRunning = runtime.isRunning(r);
            if (!wasRunning) {
                DataSteps.requireReady(runtime.startHeld(r, true), "for the upgrade");
            } else {
                runtime.refreshSecrets(r);
            }
            Map<String, Long> before = counts(r, engine);
            VariantExtensions extensions = new VariantExtensions(runtime.docker());
            Map<String, String> pinned = extensions.pinnedVersions(r, engine);
            Path file = backups.newFile(r.slug(), engine.dump().extension(), Instant.now());
            BackupInfo backup = transfer.dump(r, engine, runtime.credentials(r), runtime.image(r), file, progress);
            backups.writeInfo(backup);
            DumpFile dump = DumpFile.inspect(file, engine, catalog, null);
            containers.ensureImage(engine, to, percent -> DataSteps.report(progress, new TransferProgress("Downloading the "
                    + to.version() + " image", percent, 100)));
            String fresh = storage.newDataLocation(r, DataSteps.STAMP.format(Instant.now()), containers.labels(r.withVersion(to.version())));
            InstanceRecord next = r.withVersion(to.version()).withStorageLocation(fresh);
            LOG.info("Upgrading {} from {} {} to {} into {}", r.name(), engine.id(), from.version(), to.version(), fresh);
            interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
            runtime.stopAndRemove(r);
            try {
                restoreOps.fill(next, engine, dump, progress, empty -> InstanceRuntime.check(
                        extensions.pinnedProblem(empty, engine, pinned, from.version())));
                compareCounts(r, before, counts(next, engine));
            } catch (RuntimeException e) {
                LOG.warn("Upgrade of {} failed; back to {} {}: {}", r.name(), engine.id(), from.version(), e.toString());
                InstanceRuntime.attempt("remove the new version's container", () -> runtime.stopAndRemove(next));
                InstanceRuntime.attempt("remove the new version's data", () -> storage.removeDataLocation(r, fresh, runtime.image(next)));
                InstanceRuntime.attempt("put the instance back on its old version", () -> runtime.recreate(r, wasRunning, false, false));
                interrupted.clear(r.id());
                throw e;
            }
            store.update(records -> InstanceRuntime.replace(records, r.id(), x -> next));
            storage.recordLocation(next);
            interrupted.clear(r.id());
            Upgrades.write(Path.of(r.home()), new Upgrades.Upgrade(from.version(), r.storageLocation(), to.version(), Instant.now()));
            InstanceSnapshot result = wasRunning ? runtime.snapshot(next) : runtime.stopHeld(next);
            LOG.info("InstanceService.Upgraded {} to {} {} ({} tables or key spaces compared)", r.name(), engine.id(), to.version(), before.size());
            return new InstanceService.Upgraded(result, backup, before.size(), r.storageLocation());
        });
    }

    /** The version an instance can be rolled back to (its last upgrade, with the old data still there), if any. */
    Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        InstanceRecord r = runtime.find(nameOrId);
        return Upgrades.read(Path.of(r.home())).filter(u -> u.toVersion().equals(r.version()) && storage.stillThere(r, u.oldLocation()));
    }

    /**
     * Switches an upgraded instance back to its old version and the data it had then (changes
     * made on the new version stay in its storage, set aside). Same name, port and password.
     */
    InstanceSnapshot rollBackUpgrade(String nameOrId) {
        InstanceRecord found = runtime.find(nameOrId);
        Upgrades.Upgrade upgrade = lastUpgrade(nameOrId).orElseThrow(() -> UserFacingException.conflict(
                "'" + found.name() + "' has no upgrade to roll back (or its old data was removed)."));
        return runtime.withLock(found, () -> {
            InstanceRecord r = runtime.current(found);
            boolean wasRunning = runtime.isRunning(r);
            InstanceRecord back = r.withVersion(upgrade.fromVersion()).withStorageLocation(upgrade.oldLocation());
            runtime.stopAndRemove(r);
            try {
                InstanceSnapshot s = runtime.recreate(back, true, false, true);
                DataSteps.requireReady(s, "on its old version");
            } catch (RuntimeException e) {
                InstanceRuntime.attempt("remove the old version's container", () -> runtime.stopAndRemove(back));
                InstanceRuntime.attempt("put the instance back on the new version", () -> runtime.recreate(r, wasRunning, false, false));
                throw e;
            }
            store.update(records -> InstanceRuntime.replace(records, r.id(), x -> back));
            storage.recordLocation(back);
            Upgrades.clear(Path.of(r.home()));
            LOG.info("Rolled {} back to {} {}", r.name(), r.engine(), upgrade.fromVersion());
            return wasRunning ? runtime.snapshot(back) : runtime.stopHeld(back);
        });
    }

    /** Row or key counts of a running instance, by table or key space (empty when the engine has no check here). */
    private Map<String, Long> counts(InstanceRecord r, EngineSpec engine) {
        if (engine.dump().counts().isEmpty()) {
            return Map.of();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DockerGateway.ExecResult result = docker.exec(r.containerName(), engine.dump().counts().get().apply(runtime.credentials(r)),
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
}
