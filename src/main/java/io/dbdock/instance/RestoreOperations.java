package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.BackupStore;
import io.dbdock.backup.DumpFile;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.DumpSpec;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.storage.StorageManager;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restore, clone and restore-as-new: a dump checked from end to end, loaded into new storage beside the
 * current one, and the instance switched over only once the database accepted it and is Ready. */
final class RestoreOperations {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreOperations.class);

    private final InstanceRuntime runtime;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final InstanceContainers containers;
    private final InstanceCreation creation;
    private final Interrupted interrupted;
    private final BackupStore backups;
    private final DataTransfer transfer;
    private final BackupOperations backupOps;

    RestoreOperations(InstanceRuntime runtime, InstanceCreation creation, Interrupted interrupted, BackupStore backups, DataTransfer transfer, BackupOperations backupOps) {
        this.runtime = runtime;
        this.catalog = runtime.catalog();
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.storage = runtime.storage();
        this.containers = runtime.containers();
        this.creation = creation;
        this.interrupted = interrupted;
        this.backups = backups;
        this.transfer = transfer;
        this.backupOps = backupOps;
    }

    /**
     * Replaces an instance's data with a dump. The file is checked from end to end first; the
     * dump is loaded into new storage beside the current one, and the instance switches to it
     * only once the load succeeded and the database is Ready. On any failure the instance goes
     * back to its old data, unchanged. The old storage is kept (see {@link InstanceService.Restored}).
     */
    InstanceService.Restored restore(String nameOrId, Path file, Consumer<TransferProgress> progress) {
        InstanceRecord found = runtime.find(nameOrId);
        EngineSpec engine = runtime.engine(found);
        DumpFile dump = DumpFile.inspect(file, engine, catalog,
                raw -> DataSteps.report(progress, new TransferProgress("Checking the file", raw, -1)));
        InstanceRuntime.check(VariantExtensions.refusal(catalog.base(engine), engine, dump.extensions(),
                file.getFileName().toString(), found.name()));
        return runtime.withLock(found, () -> restoreHeld(runtime.current(found), dump, progress, false));
    }

    private InstanceService.Restored restoreHeld(InstanceRecord r, DumpFile dump, Consumer<TransferProgress> progress, boolean discardPrevious) {
        EngineSpec engine = runtime.engine(r);
        boolean wasRunning = runtime.isRunning(r);
        String fresh = storage.newDataLocation(r, DataSteps.STAMP.format(Instant.now()), containers.labels(r));
        InstanceRecord next = r.withStorageLocation(fresh);
        LOG.info("Restoring {} from {} into {}", r.name(), dump.path(), fresh);
        interrupted.mark(r.id(), Interrupted.Step.REPLACING, false);
        runtime.stopAndRemove(r);
        try {
            fill(next, engine, dump, progress);
        } catch (RuntimeException e) {
            LOG.warn("Restore of {} failed; going back to its old data: {}", r.name(), e.toString());
            InstanceRuntime.attempt("remove the half-restored container", () -> runtime.stopAndRemove(next));
            InstanceRuntime.attempt("remove the half-restored data", () -> storage.removeDataLocation(r, fresh, runtime.image(r)));
            InstanceRuntime.attempt("put the instance back on its data", () -> runtime.recreate(r, wasRunning, false, false));
            interrupted.clear(r.id());
            throw e;
        }
        store.update(records -> InstanceRuntime.replace(records, r.id(), x -> next));
        storage.recordLocation(next);
        interrupted.clear(r.id());
        InstanceSnapshot result;
        if (wasRunning) {
            result = runtime.snapshot(next);
        } else {
            result = runtime.stopHeld(next);
        }
        String previous = r.storageLocation();
        if (discardPrevious) {
            InstanceRuntime.attempt("remove the unused first data", () -> storage.removeDataLocation(next, previous, runtime.image(next)));
        }
        LOG.info("InstanceService.Restored {} from {} ({} bytes)", r.name(), dump.path(), dump.rawBytes());
        return new InstanceService.Restored(result, discardPrevious ? null : previous);
    }

    /** Gives an instance on new, empty storage the dump's data and leaves it running and Ready. */
    void fill(InstanceRecord next, EngineSpec engine, DumpFile dump, Consumer<TransferProgress> progress) {
        fill(next, engine, dump, progress, ready -> { });
    }

    /** The same, with a check of the new server once it is Ready and before the dump goes in (it throws to stop). */
    void fill(InstanceRecord next, EngineSpec engine, DumpFile dump, Consumer<TransferProgress> progress,
              Consumer<InstanceRecord> beforeLoad) {
        EngineVersion version = runtime.version(next);
        Credentials credentials = runtime.credentials(next);
        DumpSpec.Load load = engine.dump().load();
        if (load.intoRunningServer()) {
            runtime.createAndStart(next, engine, version, false, null);
            DataSteps.requireReady(runtime.awaitReady(next, null), "to load the dump");
            beforeLoad.accept(next);
            Checkpoints.reached("replace:filling");
            transfer.load(next, engine, credentials, dump, progress);
            new VariantExtensions(docker).enable(next, engine, true)
                    .ifPresent(problem -> LOG.warn("Loaded the dump, but dbdock {}", problem));
            return;
        }
        String id = containers.create(next, engine, version, credentials, load.startArguments());
        DataSteps.report(progress, new TransferProgress("Loading", 0, dump.rawBytes()));
        transfer.placeDataFile(id, version.dataMount(), engine.dump(), dump);
        DataSteps.report(progress, new TransferProgress("Loading", dump.rawBytes(), dump.rawBytes()));
        docker.start(id);
        DataSteps.requireReady(runtime.awaitReady(next, null), "with the dump loaded");
        transfer.finishDataFile(next, engine);
        runtime.stopAndRemove(next);
        runtime.createAndStart(next, engine, version, false, null);
        DataSteps.requireReady(runtime.awaitReady(next, null), "on the restored data");
    }

    /**
     * A new instance (new name, port and password) with a copy of another's data: a backup of
     * the source restored into a new instance of the same engine, version and storage kind.
     */
    InstanceService.Created cloneInstance(String sourceNameOrId, String newName, Consumer<TransferProgress> progress) {
        InstanceRecord source = runtime.find(sourceNameOrId);
        InstanceRuntime.check(InputRules.nameProblem(newName));
        Path temp = backups.folderFor(source.slug()).resolve(".clone-" + UUID.randomUUID() + "." + runtime.engine(source).dump().extension() + ".gz");
        try {
            backupOps.backup(source.id().toString(), temp, progress);
            DumpFile dump = DumpFile.inspect(temp, runtime.engine(source), catalog, null);
            InstanceService.Created copy = intoNewInstance(new CreateRequest(source.engine(), source.version(), newName, null,
                    source.bindAddress(), null, source.storage(), true).withVariant(source.variant()), dump, progress);
            LOG.info("Cloned {} into {}", source.name(), newName);
            return copy;
        } finally {
            InstanceRuntime.attempt("remove the temporary dump", () -> backups.delete(temp));
        }
    }

    /**
     * A new instance made from a dump file: engine and version from the backup's record (or as
     * given, for a plain dump), a new port and password, the default storage.
     */
    InstanceService.Created restoreAsNew(Path file, String newName, String engineId, String versionId,
                                         Consumer<TransferProgress> progress) {
        InstanceRuntime.check(InputRules.nameProblem(newName));
        Optional<BackupInfo> recorded = BackupStore.readInfo(file);
        String engine = engineId != null ? engineId : recorded.map(BackupInfo::engine).orElseThrow(() -> UserFacingException.invalid(
                file.getFileName() + " has no dbdock record saying which engine made it: give the engine (and version) "
                        + "of the new instance."));
        EngineSpec spec = catalog.find(engine).orElseThrow(() -> UserFacingException.invalid("Unknown engine '" + engine + "'."));
        String version = versionId != null ? versionId : recorded.filter(b -> b.engine().equals(engine)).map(BackupInfo::version)
                .orElse(spec.defaultVersion());
        DumpFile dump = DumpFile.inspect(file, spec, catalog, raw -> DataSteps.report(progress, new TransferProgress("Checking the file", raw, -1)));
        // The new instance gets the variant whose image has the extensions the dump uses.
        Optional<io.dbdock.engine.EngineVariant> variant = VariantExtensions.variantFor(spec, dump.extensions());
        if (variant.isEmpty()) {
            InstanceRuntime.check(VariantExtensions.refusal(spec, spec, dump.extensions(), file.getFileName().toString(), newName));
        }
        return intoNewInstance(new CreateRequest(engine, version, newName, null, null, null, null, true)
                .withVariant(variant.map(io.dbdock.engine.EngineVariant::id).orElse(null)), dump, progress);
    }

    /** Creates an instance and replaces its (empty) data with the dump; removes it again if that fails. */
    private InstanceService.Created intoNewInstance(CreateRequest request, DumpFile dump, Consumer<TransferProgress> progress) {
        InstanceService.Created created = creation.create(request, null);
        InstanceRecord copy = created.snapshot().record();
        try {
            InstanceService.Restored restored = runtime.withLock(copy, () -> restoreHeld(runtime.current(copy), dump, progress, true));
            return new InstanceService.Created(restored.snapshot(), created.notes(), created.reusedData());
        } catch (RuntimeException e) {
            InstanceRuntime.attempt("remove the unfinished instance",
                    () -> runtime.withLock(copy, () -> runtime.deleteHeld(runtime.current(copy), true, interrupted)));
            throw e;
        }
    }
}
