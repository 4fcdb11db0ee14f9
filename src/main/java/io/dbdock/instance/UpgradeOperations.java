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
import io.dbdock.engine.EngineSwitch;
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
     * Moves an instance to a newer major version ({@code target}: "18"), or to another engine that
     * reads its data ("valkey", "valkey:8"; see {@link #upgrade(String, String, String, Consumer)}),
     * the only safe way: a backup with the old
     * version's tools, a new container and storage on the new version, the backup loaded into it,
     * and row/key counts compared; then the instance switches over, keeping its name, port and
     * password. The old storage is kept, so {@link #rollBackUpgrade} can switch back in one step.
     * If anything fails, the instance stays on its old version and data.
     */
    InstanceService.Upgraded upgrade(String nameOrId, String target, Consumer<TransferProgress> progress) {
        String[] parts = target.trim().split(":", 2);
        boolean names = catalog.find(parts[0]).isPresent() || (parts.length == 2 && !parts[0].isEmpty());
        return names ? upgrade(nameOrId, parts[0], parts.length == 2 ? parts[1] : null, progress)
                : upgrade(nameOrId, null, target.trim(), progress);
    }

    /**
     * The same, onto another engine that reads the data ({@code targetEngine}: Redis to Valkey, see
     * {@link io.dbdock.engine.EngineSwitch}); null stays on the instance's engine. A null version on a
     * switch is the other engine's default.
     */
    InstanceService.Upgraded upgrade(String nameOrId, String targetEngine, String targetVersion, Consumer<TransferProgress> progress) {
        InstanceRecord found = runtime.find(nameOrId);
        EngineSpec engine = runtime.engine(found);
        EngineVersion from = runtime.version(found);
        Optional<EngineSwitch> switching = switchFor(found, engine, from, targetEngine);
        EngineSpec toEngine = switching.map(x -> catalog.find(x.to()).orElseThrow()).orElse(engine);
        String version = targetVersion != null ? targetVersion : toEngine.defaultVersion();
        EngineVersion to = toEngine.version(version).orElseThrow(() -> UserFacingException.invalid(
                toEngine.displayName() + " has no version '" + version + "' here. Available: "
                        + toEngine.versions().stream().map(EngineVersion::version).collect(Collectors.joining(", ")) + "."));
        if (switching.isEmpty() && to.equals(from)) {
            throw UserFacingException.invalid("'" + found.name() + "' already runs " + engine.displayName() + " " + from.version() + ".");
        }
        if (switching.isEmpty() && engine.versions().indexOf(to) < engine.versions().indexOf(from)) {
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
            VariantExtensions extensions = new VariantExtensions(runtime.docker());
            InstanceRecord moved = r.withEngine(toEngine.id()).withVersion(to.version());
            Prepared prepared;
            try {
                prepared = prepare(r, engine, toEngine, to, moved, extensions, progress);
            } catch (RuntimeException e) {
                // Nothing was replaced yet: an instance that was stopped goes back to stopped.
                if (!wasRunning) {
                    InstanceRuntime.attempt("stop it again", () -> runtime.stopHeld(r));
                }
                throw e;
            }
            Map<String, Long> before = prepared.before();
            String fresh = prepared.fresh();
            InstanceRecord next = moved.withStorageLocation(fresh);
            LOG.info("Upgrading {} from {} {} to {} {} into {}", r.name(), engine.id(), from.version(), toEngine.id(), to.version(), fresh);
            interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
            runtime.stopAndRemove(r);
            try {
                restoreOps.fill(next, toEngine, prepared.dump(), progress, empty -> InstanceRuntime.check(
                        extensions.pinnedProblem(empty, engine, prepared.pinned(), from.version())));
                compareCounts(r, before, counts(next, toEngine));
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
            Upgrades.write(Path.of(r.home()), new Upgrades.Upgrade(from.version(), r.storageLocation(), to.version(), Instant.now(),
                    switching.map(x -> r.engine()).orElse(null)));
            InstanceSnapshot result = wasRunning ? runtime.snapshot(next) : runtime.stopHeld(next);
            LOG.info("Upgraded {} to {} {} ({} tables or key spaces compared)", r.name(), toEngine.id(), to.version(), before.size());
            return new InstanceService.Upgraded(result, prepared.backup(), before.size(), r.storageLocation(),
                    toEngine.probe() == io.dbdock.engine.ProbeKind.REDIS);
        });
    }

    List<InstanceService.UpgradeTarget> targets(InstanceRecord r) {
        EngineSpec engine = runtime.engine(r);
        List<EngineVersion> versions = engine.versions();
        int current = versions.indexOf(runtime.version(r));
        List<InstanceService.UpgradeTarget> targets = new java.util.ArrayList<>(versions.subList(current + 1, versions.size()).stream()
                .map(v -> new InstanceService.UpgradeTarget(v.version(), v.version(), false)).toList());
        catalog.switchFrom(engine.id()).filter(x -> x.allows(r.version())).ifPresent(x -> {
            EngineSpec other = catalog.find(x.to()).orElseThrow();
            other.versions().forEach(v -> targets.add(new InstanceService.UpgradeTarget(other.id() + ":" + v.version(),
                    other.displayName() + " " + v.version(), true)));
        });
        return List.copyOf(targets);
    }

    /**
     * The switch to {@code targetEngine}, checked before anything runs: empty when the instance stays
     * on its engine; refused in plain words when the engines have no switch or this version's data
     * cannot cross.
     */
    private Optional<EngineSwitch> switchFor(InstanceRecord r, EngineSpec engine, EngineVersion from, String targetEngine) {
        if (targetEngine == null || targetEngine.equalsIgnoreCase(engine.id())) {
            return Optional.empty();
        }
        EngineSpec target = catalog.find(targetEngine).orElseThrow(() -> UserFacingException.invalid(
                "There is no engine '" + targetEngine + "'. Engines: "
                        + catalog.all().stream().map(EngineSpec::id).collect(Collectors.joining(", ")) + "."));
        EngineSwitch change = catalog.switchFrom(engine.id()).filter(x -> x.to().equals(target.id()))
                .orElseThrow(() -> UserFacingException.invalid(engine.displayName() + " cannot switch to " + target.displayName()
                        + ": " + target.displayName() + " does not read its data." + catalog.switchFrom(engine.id())
                        .map(x -> " It can switch to " + catalog.find(x.to()).orElseThrow().displayName() + ".").orElse("")));
        if (!change.allows(from.version())) {
            throw UserFacingException.invalid("'" + r.name() + "' runs " + engine.displayName() + " " + from.version()
                    + ", which cannot switch to " + target.displayName() + ". " + change.whyNot());
        }
        return Optional.of(change);
    }

    /** What an upgrade has in hand before it replaces anything: counts, pinned extensions, the backup, the new storage. */
    private record Prepared(Map<String, Long> before, Map<String, String> pinned, BackupInfo backup, DumpFile dump, String fresh) {
    }

    private Prepared prepare(InstanceRecord r, EngineSpec engine, EngineSpec toEngine, EngineVersion to, InstanceRecord moved,
                             VariantExtensions extensions, Consumer<TransferProgress> progress) {
        Map<String, Long> before = counts(r, engine);
        Map<String, String> pinned = extensions.pinnedVersions(r, engine);
        containers.ensureImage(toEngine, to, percent -> DataSteps.report(progress, new TransferProgress("Downloading the "
                + toEngine.displayName() + " " + to.version() + " image", percent, 100)));
        // An extension pinned to its release (TimescaleDB) is looked for in the new image first, while nothing is replaced.
        InstanceRuntime.check(extensions.pinnedProblemInImage(runtime.image(moved), r, toEngine, to.version(), pinned,
                runtime.version(r).version()));
        Path file = backups.newFile(r.slug(), engine.dump().extension(), Instant.now());
        BackupInfo backup = transfer.dump(r, engine, runtime.credentials(r), runtime.image(r), file, progress);
        backups.writeInfo(backup);
        // On a switch this also refuses data in a format the other engine cannot read (see EngineSwitch.dumpProblem).
        DumpFile dump = DumpFile.inspect(file, toEngine, catalog, null);
        String fresh = storage.newDataLocation(r, DataSteps.STAMP.format(Instant.now()), containers.labels(moved));
        return new Prepared(before, pinned, backup, dump, fresh);
    }

    /** The version an instance can be rolled back to (its last upgrade, with the old data still there), if any. */
    Optional<Upgrades.Upgrade> lastUpgrade(String nameOrId) {
        InstanceRecord r = runtime.find(nameOrId);
        return Upgrades.read(Path.of(r.home())).filter(u -> u.toVersion().equals(r.version())
                && catalog.find(u.engineBefore(r.engine())).isPresent() && storage.stillThere(r, u.oldLocation()));
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
            InstanceRecord back = r.withEngine(upgrade.engineBefore(r.engine())).withVersion(upgrade.fromVersion())
                    .withStorageLocation(upgrade.oldLocation());
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
            LOG.info("Rolled {} back to {} {}", r.name(), back.engine(), upgrade.fromVersion());
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
