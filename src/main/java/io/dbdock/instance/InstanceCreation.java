package io.dbdock.instance;

import io.dbdock.common.Platform;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageMarker;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.Settings;
import io.dbdock.model.StorageKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a new instance: checks the request, reserves name, port and storage, creates the home,
 * password and data, pulls the image, starts the container and waits for Ready. Whatever fails,
 * what was made is undone; a dbdock killed half-way leaves a marker the next one acts on.
 */
final class InstanceCreation {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceCreation.class);

    private final InstanceRuntime runtime;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final InstanceContainers containers;
    private final Reservations reservations;
    private final Interrupted interrupted;
    private final DataRoot root;
    private final Settings settings;

    InstanceCreation(InstanceRuntime runtime, Interrupted interrupted, Settings settings) {
        this.runtime = runtime;
        this.catalog = runtime.catalog();
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.storage = runtime.storage();
        this.containers = runtime.containers();
        this.reservations = runtime.reservations();
        this.root = runtime.root();
        this.interrupted = interrupted;
        this.settings = settings;
    }

    InstanceService.Created create(CreateRequest request, Consumer<InstanceSnapshot> progress) {
        EngineSpec engine = InputRules.engineFor(catalog, request.engine(), request.variant());
        List<String> versions = engine.versions().stream().map(EngineVersion::version).toList();
        EngineVersion version = request.version() == null ? engine.defaultEngineVersion()
                : engine.version(request.version()).orElseThrow(() -> UserFacingException.invalid(
                // A version the plain engine has: the variant's project does not publish it (no "did you mean").
                catalog.base(engine).version(request.version()).isPresent()
                        ? engine.variant().displayName() + " is published for " + engine.displayName() + " " + String.join(", ", versions)
                                + " only, not for " + request.version() + "."
                        : engine.fullName() + " has no version '" + request.version() + "' here."
                                + io.dbdock.common.Suggestions.didYouMean(request.version(), versions) + " Available: " + String.join(", ", versions) + "."));
        String bind = request.bindAddress() == null ? "127.0.0.1" : request.bindAddress().trim();
        InstanceRuntime.check(InputRules.bindAddressProblem(bind));
        if (request.port() != null) {
            InstanceRuntime.check(InputRules.portProblem(request.port()));
        }
        if (request.name() != null) {
            InstanceRuntime.check(InputRules.nameProblem(request.name()));
        }
        if (request.password() != null) {
            InstanceRuntime.check(InputRules.passwordProblem(engine, request.password()));
        }
        StorageKind kind = request.storage() != null ? request.storage() : defaultStorage();
        // Fail before touching anything when Docker is not there; the record says which engine it lives on.
        io.dbdock.model.EnginePlace here = docker.place();
        if (docker.tunnelled() && kind == StorageKind.FOLDER) {
            if (request.storage() == StorageKind.FOLDER) {
                throw UserFacingException.invalid("A folder on this computer cannot hold the data of an instance on "
                        + here.describe() + ": that engine runs on another machine. Keep the data in a volume there instead.");
            }
            kind = StorageKind.VOLUME; // the default: a host folder would be on the other machine
        }

        List<String> notes = new ArrayList<>();
        // Locked and marked before the record exists: whenever this process dies from here on, the
        // next dbdock rolls the create back, and no other one can mistake it for an interrupted one.
        UUID id = UUID.randomUUID();
        runtime.lock(id).lock();
        InstanceFileLock across = InstanceFileLock.acquire(root, id, request.name() != null ? request.name() : engine.displayName(),
                InstanceRuntime.CROSS_PROCESS_WAIT);
        InstanceRecord record = null;
        try {
            Reservations.Reservation reservation;
            interrupted.mark(id, Interrupted.Step.CREATING, true); // "keeps data" until it is known that none is reused
            Checkpoints.reached("create:marked");
            try {
                reservation = reservations.reserve(id, request, engine, version, bind, kind, here, notes);
            } catch (RuntimeException e) {
                interrupted.clear(id);
                throw e;
            }
            record = reservation.record();
            Path home = Path.of(record.home());
            Checkpoints.reached("create:recorded");
            interrupted.mark(id, Interrupted.Step.CREATING, reservation.reusedData());
            Checkpoints.reached("create:reserved");
            try {
                if (!reservation.reusedData()) {
                    storage.createHome(home, new StorageMarker(engine.id(), version.version(), kind, record.storageLocation(),
                            record.createdAt(), engine.variantId()));
                    Secrets.write(home, reservation.password());
                }
                // Shown once its password file exists: the window selects the new row and reads its connection at once.
                runtime.publish(record, InstanceState.CREATING, "", -1, progress);
                storage.prepareData(home, kind, record.slug(), containers.labels(record));
                Checkpoints.reached("create:storage");
                InstanceRecord pulling = record;
                containers.ensureImage(engine, version,
                        percent -> {
                            if (percent > 0) {
                                Checkpoints.reached("create:pulling");
                            }
                            runtime.publish(pulling, InstanceState.PULLING, containers.image(engine, version), percent, progress);
                        });
                Checkpoints.reached("create:image");
                record = runtime.createAndStart(record, engine, version, request.port() == null || request.portIsPreference(), progress);
                Checkpoints.reached("create:started");
            } catch (RuntimeException e) {
                rollBack(record, reservation.reusedData(), engine, version);
                interrupted.clear(record.id());
                throw e;
            }
            interrupted.clear(record.id());
            // The variant's extensions exist before Ready is announced: a client that waits for Ready can use them.
            InstanceRecord made = record;
            Runnable enable = () -> new VariantExtensions(docker).enable(made, engine, false).ifPresent(problem -> {
                LOG.warn("Created {}, but {}", made.name(), problem);
                notes.add("Ready, but dbdock " + problem + ".");
            });
            // (A variant's create waits even when asked not to: nothing else would create its extensions.)
            InstanceSnapshot result = request.waitReady() || engine.variant() != null
                    ? runtime.awaitReady(record, progress, enable)
                    : runtime.publish(record, InstanceState.STARTING, "", -1, progress);
            LOG.info("Created instance {} ({} {}) on port {}", record.name(), engine.id(), version.version(), record.port());
            return new InstanceService.Created(result, notes, reservation.reusedData());
        } finally {
            across.close();
            runtime.lock(id).unlock();
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

    private void rollBack(InstanceRecord record, boolean reusedData, EngineSpec engine, EngineVersion version) {
        LOG.info("Rolling back the creation of {}", record.name());
        InstanceRuntime.attempt("remove the container", () -> runtime.stopAndRemove(record)); // ours only: a foreign one with the name stays
        if (!reusedData) {
            InstanceRuntime.attempt("remove the new storage", () -> storage.deleteData(record, containers.image(engine, version)));
        }
        InstanceRuntime.attempt("forget the record", () -> store.update(records -> records.removeIf(r -> r.id().equals(record.id()))));
        runtime.removed(record.id());
    }
}
