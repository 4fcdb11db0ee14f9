package io.dbdock.instance;

import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Marks a create, delete, restore or upgrade as in progress (a small file beside the instance's lock file), so that
 * a dbdock killed half-way is noticed by the next one: it finds the marker while nobody holds the
 * instance's lock, and finishes or rolls back what was left.
 */
final class Interrupted {
    /** REPLACING: a restore or upgrade filling new storage (the record still names the old one until it is done). */
    enum Step { CREATING, DELETING, REPLACING }

    record Marker(Step step, boolean flag) {
    }

    private static final String SUFFIX = ".inprogress";
    private final DataRoot root;

    Interrupted(DataRoot root) {
        this.root = root;
    }

    private Path file(UUID id) {
        return root.path().resolve("locks").resolve(id + SUFFIX);
    }

    /** flag: for a create, whether it reuses kept data; for a delete, whether the data goes too. */
    void mark(UUID id, Step step, boolean flag) {
        try {
            Path f = file(id);
            root.ensurePrivateDir(f.getParent());
            io.dbdock.store.AtomicFiles.write(f, (step + " " + flag).getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw io.dbdock.common.UserFacingException.failed("Cannot write " + file(id) + ": " + e.getMessage(), e);
        }
    }

    void clear(UUID id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            // A leftover marker is handled (and removed) by the next reconcile.
        }
    }

    /** Every marker now in the locks folder, by instance id: one listing, however many instances there are. */
    Map<UUID, Marker> pending() {
        Path dir = root.path().resolve("locks");
        if (!Files.isDirectory(dir)) {
            return Map.of();
        }
        Map<UUID, Marker> found = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    try {
                        UUID id = UUID.fromString(name.substring(0, name.length() - SUFFIX.length()));
                        find(id).ifPresent(m -> found.put(id, m));
                    } catch (IllegalArgumentException notOurs) {
                        // not a marker dbdock wrote
                    }
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return found;
    }

    Optional<Marker> find(UUID id) {
        Path f = file(id);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(f).trim().split(" ");
            return Optional.of(new Marker(Step.valueOf(parts[0]), Boolean.parseBoolean(parts[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.of(new Marker(Step.CREATING, true)); // unreadable: treat as a create that keeps data
        }
    }
}
