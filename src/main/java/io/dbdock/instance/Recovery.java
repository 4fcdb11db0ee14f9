package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.storage.Secrets;
import io.dbdock.storage.StorageManager;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.store.InstanceStore;
import io.dbdock.model.StorageKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts things right after a dbdock that died or a list that was lost: takes back this data
 * root's instances from their containers' labels, finishes or undoes creates, deletes, restores
 * and upgrades cut short, forgets instances another process deleted, and removes helper
 * containers a killed dbdock left. Each says what it did, once, to every front end.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    /** Longer than any helper may run (its deadline is 6 minutes). */
    private static final java.time.Duration ABANDONED_HELPER = java.time.Duration.ofMinutes(10);

    private final InstanceRuntime runtime;
    private final EngineCatalog catalog;
    private final InstanceStore store;
    private final DockerGateway docker;
    private final StorageManager storage;
    private final DataRoot root;
    private final Interrupted interrupted;
    private volatile String notice;

    Recovery(InstanceRuntime runtime, Interrupted interrupted) {
        this.runtime = runtime;
        this.catalog = runtime.catalog();
        this.store = runtime.store();
        this.docker = runtime.docker();
        this.storage = runtime.storage();
        this.root = runtime.root();
        this.interrupted = interrupted;
    }

    /** What recovery did since this process started, for the window's first look (empty: nothing). */
    Optional<String> notice() {
        return Optional.ofNullable(notice);
    }

    private void said(String text) {
        notice = notice == null ? text : notice + " " + text;
        LOG.warn(text);
        runtime.notice(text);
    }

    /**
     * A helper container whose dbdock died before removing it (it removes its own helpers, with
     * their anonymous volumes, as soon as they end). Only long-finished ones: a helper that just
     * ended may still be read by the process that started it.
     */
    void removeAbandonedHelpers(List<ContainerSummary> managed) {
        Instant before = Instant.now().minus(ABANDONED_HELPER);
        for (ContainerSummary c : managed) {
            if ("helper".equals(c.label(Labels.ROLE)) && !"running".equals(c.state()) && createdBefore(c, before)) {
                InstanceRuntime.attempt("remove a helper container left behind", () -> docker.remove(c.id()));
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
     * password is still in the instance's own folder. They live on the engine {@code here}, where
     * they were found. Returns the names taken back.
     */
    List<String> adoptOrphans(List<InstanceRecord> records, List<ContainerSummary> managed, io.dbdock.model.EnginePlace here) {
        Set<String> known = records.stream().map(r -> r.id().toString()).collect(Collectors.toSet());
        List<InstanceRecord> found = new ArrayList<>();
        for (ContainerSummary c : managed) {
            String id = c.label(Labels.INSTANCE);
            if (id != null && !known.contains(id) && root.id().equals(c.label(Labels.ROOT)) && !"helper".equals(c.label(Labels.ROLE))) {
                fromLabels(c).map(r -> r.withPlace(here)).ifPresent(found::add);
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
            said(text);
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
                    home.toString(), engine.defaultUser(), engine.defaultDatabase(), created, false, null, c.label(Labels.VARIANT)));
        } catch (RuntimeException e) {
            LOG.warn("Container {} has incomplete dbdock labels ({}); not taking it back", c.name(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Creates and deletes whose dbdock died half-way (their marker is there, nobody holds the
     * instance's lock): a create whose container runs is kept, any other is rolled back; a delete
     * is finished. The user is told which. Only for instances of the engine {@code here}: another
     * engine's containers are not in {@code managed}, and a create there is not to be undone from here.
     * Returns true when something changed.
     */
    boolean resumeInterrupted(List<InstanceRecord> records, List<ContainerSummary> managed, io.dbdock.model.EnginePlace here) {
        Map<UUID, Interrupted.Marker> pending = interrupted.pending();
        if (pending.isEmpty()) {
            return false;
        }
        List<String> said = new ArrayList<>();
        Set<UUID> known = records.stream().map(InstanceRecord::id).collect(Collectors.toSet());
        pending.keySet().stream().filter(id -> !known.contains(id) && !runtime.isLocked(id)).forEach(this::dropStrayMarker);
        for (InstanceRecord r : records) {
            Optional<Interrupted.Marker> marker = Optional.ofNullable(pending.get(r.id()));
            if (marker.isEmpty() || runtime.isLocked(r.id()) || !r.livesOn(here)) {
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
        said(String.join(" ", said));
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
            runtime.stopAndRemove(r);
            runtime.createAndStart(r, runtime.engine(r), runtime.version(r), false, null);
            interrupted.clear(r.id());
            return "A restore or upgrade of '" + r.name() + "' was interrupted; dbdock put it back on its data ("
                    + r.engineWithVariant() + " " + r.version() + "). An unfinished copy may be left under storage (dbdock storage list).";
        }
        if (marker.step() == Interrupted.Step.CREATING) {
            runtime.stopAndRemove(r);
            if (!marker.flag()) {
                storage.deleteData(r, runtime.image(r));
            }
            store.update(list -> list.removeIf(x -> x.id().equals(r.id())));
            interrupted.clear(r.id());
            runtime.forget(r.id());
            return "The creation of '" + r.name() + "' was interrupted; dbdock removed what it had made.";
        }
        runtime.stopAndRemove(r);
        if (marker.flag()) {
            storage.deleteData(r, runtime.image(r));
        }
        store.update(list -> list.removeIf(x -> x.id().equals(r.id())));
        interrupted.clear(r.id());
        runtime.forget(r.id());
        return "The deletion of '" + r.name() + "' was interrupted; dbdock finished it.";
    }

    /** Instances another dbdock process deleted: their records are gone from the store. */
    void forgetVanished(List<InstanceRecord> records) {
        Set<UUID> known = records.stream().map(InstanceRecord::id).collect(Collectors.toSet());
        for (UUID id : runtime.seenIds()) {
            if (!known.contains(id) && !runtime.isLocked(id)) {
                runtime.forget(id);
            }
        }
    }
}
