package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.ports.PortAllocator;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageManager;
import io.dbdock.storage.StorageMarker;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.StorageKind;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Names and ports, claimed under the store's file lock so that two creates (in one process or
 * two) never get the same one: the record is written before any container exists.
 */
final class Reservations {
    private final InstanceStore store;
    private final StorageManager storage;
    private final DockerGateway docker;
    private final PortAllocator ports;

    Reservations(InstanceStore store, StorageManager storage, DockerGateway docker, PortAllocator ports) {
        this.store = store;
        this.storage = storage;
        this.docker = docker;
        this.ports = ports;
    }

    record Reservation(InstanceRecord record, String password, boolean reusedData) {
    }

    /** Under the store lock: a unique name, a free port, and the record written before anything else. */
    Reservation reserve(UUID id, CreateRequest request, EngineSpec engine, EngineVersion version, String bind,
                                StorageKind kind, io.dbdock.model.EnginePlace place, List<String> notes) {
        return store.update(records -> {
            Set<String> slugs = records.stream().map(InstanceRecord::slug).collect(Collectors.toSet());
            String name = request.name() != null ? request.name() : InputRules.defaultName(engine.id(), slugs);
            String slug = InputRules.slug(name);
            for (InstanceRecord r : records) {
                InputRules.requireDistinct(name, r);
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
            if (request.port() != null && request.portIsPreference()) {
                // A project's port: that one when free, else the next free one (kept from then on).
                port = ports.allocate(request.port(), bind, reserved, published);
            } else if (request.port() != null) {
                port = request.port();
                Optional<String> taken = ports.whyTaken(port, bind, holders(records), published);
                if (taken.isPresent()) {
                    throw UserFacingException.conflict("Port " + port + " is not free: " + taken.get()
                            + ". Choose another port or leave --port out.");
                }
            } else {
                port = ports.allocate(engine.containerPort(), bind, reserved, published);
            }
            String location = kind == StorageKind.FOLDER ? StorageManager.dataFolder(home).toString()
                    : StorageManager.volumeName(slug);
            InstanceRecord record = new InstanceRecord(id, name, slug, engine.id(), version.version(), port,
                    bind, kind, location, home.toString(), engine.defaultUser(), engine.defaultDatabase(), Instant.now(), false,
                    request.project(), engine.variantId(), place);
            records.add(record);
            return new Reservation(record, password, reused);
        });
    }

    private static void checkKeptData(String name, Path home, StorageMarker kept, EngineSpec engine, EngineVersion version,
                                      StorageKind kind, String requestedPassword) {
        String was = kept.engineWithVariant() + " " + kept.version();
        if (!kept.engine().equals(engine.id())) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' (" + was + ") is in " + home
                    + ". Choose another name, or create a " + kept.engine() + " instance to use it.");
        }
        // Its databases may hold the variant's extensions: only the same image opens them whole.
        if (!java.util.Objects.equals(kept.variant(), engine.variantId())) {
            throw UserFacingException.conflict("Data kept from an earlier '" + name + "' (" + was + ") is in " + home
                    + ". Choose another name, or create it " + (kept.variant() == null ? "without a variant"
                    : "with the variant " + kept.variant()) + " to use it.");
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

    /** Writes a new port to the record (a given one, or the next free one). */
    InstanceRecord movePort(InstanceRecord record, int defaultPort, Integer wanted) {
        return store.update(records -> {
            List<InstanceRecord> others = records.stream().filter(r -> !r.id().equals(record.id())).toList();
            Set<Integer> reserved = others.stream().map(InstanceRecord::port).collect(Collectors.toSet());
            Set<Integer> published = docker.publishedHostPorts();
            int port;
            if (wanted != null) {
                Optional<String> taken = ports.whyTaken(wanted, record.bindAddress(), holders(others), published);
                if (taken.isPresent()) {
                    throw UserFacingException.conflict("Port " + wanted + " is not free: " + taken.get() + ".");
                }
                port = wanted;
            } else {
                port = freePortBesides(record, reserved, published, defaultPort);
            }
            InstanceRecord moved = record.withPort(port);
            records.replaceAll(r -> r.id().equals(record.id()) ? moved : r);
            return moved;
        });
    }

    /**
     * Why the instance's own port is taken (another instance, a container, a program; empty when
     * it was freed meanwhile) and the port a move would give it now: one read of the list and one
     * Docker call. Nothing is written: the user may take the offer or not.
     */
    record TakenPort(Optional<String> why, int freePort) {
    }

    TakenPort takenPort(InstanceRecord record, int defaultPort) {
        List<InstanceRecord> others = store.load().stream().filter(r -> !r.id().equals(record.id())).toList();
        Set<Integer> published = docker.publishedHostPorts();
        return new TakenPort(ports.whyTaken(record.port(), record.bindAddress(), holders(others), published),
                freePortBesides(record, others.stream().map(InstanceRecord::port).collect(Collectors.toSet()), published, defaultPort));
    }

    private int freePortBesides(InstanceRecord record, Set<Integer> reserved, Set<Integer> published, int defaultPort) {
        Set<Integer> avoid = new HashSet<>(reserved);
        avoid.add(record.port());
        return ports.allocate(defaultPort, record.bindAddress(), avoid, published);
    }

    /** Port to the name of the instance that has it. */
    static java.util.Map<Integer, String> holders(java.util.List<InstanceRecord> records) {
        java.util.Map<Integer, String> byPort = new java.util.HashMap<>();
        records.forEach(r -> byPort.put(r.port(), r.name()));
        return byPort;
    }
}
