package io.dbdock.storage;

import io.dbdock.model.StorageEntry;
import io.dbdock.docker.ContainerSpec;
import io.dbdock.docker.ContainerSummary;
import io.dbdock.docker.DockerGateway;
import io.dbdock.docker.Labels;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.StorageKind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every storage dbdock manages: each instance's folder or volume, data set aside by restores,
 * data kept from deleted instances, and backups, with sizes. Volume sizes come from one
 * {@code system df} call; folders are walked, and folders the desktop user may not read (the
 * database's uid owns them) are measured with {@code du} in one short-lived container.
 */
public final class StorageOverview {
    private static final Logger LOG = LoggerFactory.getLogger(StorageOverview.class);

    private final DataRoot root;
    private final DockerGateway docker;

    public StorageOverview(DataRoot root, DockerGateway docker) {
        this.root = root;
        this.docker = docker;
    }

    /**
     * @param records     the instances dbdock knows
     * @param helperImage an image present on the engine, for measuring unreadable folders (empty: leave them unmeasured)
     */
    public List<StorageEntry> list(List<InstanceRecord> records, Optional<String> helperImage) {
        // Only this data root's volumes: another dbdock (another user, a test root) has its own.
        Map<String, Map<String, String>> volumes = new java.util.TreeMap<>(docker.managedVolumes());
        volumes.values().removeIf(labels -> !root.id().equals(labels.get(Labels.ROOT)));
        Set<String> running = runningLocations();
        List<StorageEntry> entries = new ArrayList<>();
        Set<String> accounted = new HashSet<>();
        Set<Path> homes = new HashSet<>();
        for (InstanceRecord r : records) {
            Path home = Path.of(r.home()).toAbsolutePath().normalize();
            homes.add(home);
            accounted.add(r.storageLocation());
            entries.add(entry(r.storage() == StorageKind.VOLUME ? StorageEntry.Kind.VOLUME : StorageEntry.Kind.FOLDER,
                    r.storageLocation(), r.name(), StorageEntry.Role.IN_USE, r.engine(), r.version(), running));
            if (r.storage() == StorageKind.FOLDER) {
                for (Path previous : StorageManager.dataFolders(home)) {
                    if (!previous.toString().equals(r.storageLocation())) {
                        entries.add(entry(StorageEntry.Kind.FOLDER, previous.toString(), r.name(), StorageEntry.Role.PREVIOUS,
                                r.engine(), null, running));
                    }
                }
            }
            volumes.forEach((name, labels) -> {
                if (!name.equals(r.storageLocation()) && StorageManager.isOwnVolume(r, name, labels)) {
                    accounted.add(name);
                    entries.add(entry(StorageEntry.Kind.VOLUME, name, r.name(), StorageEntry.Role.PREVIOUS,
                            labels.get(Labels.ENGINE), labels.get(Labels.VERSION), running));
                }
            });
        }
        // Homes of deleted instances whose data was kept.
        for (Path home : children(root.instancesDir())) {
            if (homes.contains(home.toAbsolutePath().normalize())) {
                continue;
            }
            Optional<StorageMarker> marker = new StorageManager(root, docker).existingMarker(home);
            if (marker.isPresent() && marker.get().storage() == StorageKind.VOLUME) {
                continue; // its volume is listed below; the home holds only the password and this marker
            }
            entries.add(entry(StorageEntry.Kind.FOLDER, home.toString(), home.getFileName().toString(), StorageEntry.Role.ORPHANED,
                    marker.map(StorageMarker::engine).orElse(null), marker.map(StorageMarker::version).orElse(null), running));
        }
        volumes.forEach((name, labels) -> {
            if (!accounted.contains(name) && !"helper".equals(labels.get(Labels.ROLE))) {
                entries.add(entry(StorageEntry.Kind.VOLUME, name, labels.get(Labels.NAME), StorageEntry.Role.ORPHANED,
                        labels.get(Labels.ENGINE), labels.get(Labels.VERSION), running));
            }
        });
        Map<String, String> bySlug = new HashMap<>();
        records.forEach(r -> bySlug.put(r.slug(), r.name()));
        for (Path dir : children(root.backupsDir())) {
            String slug = dir.getFileName().toString();
            entries.add(entry(StorageEntry.Kind.BACKUPS, dir.toString(), bySlug.getOrDefault(slug, slug), StorageEntry.Role.BACKUPS,
                    null, null, running));
        }
        return measure(entries, helperImage);
    }

    private StorageEntry entry(StorageEntry.Kind kind, String location, String instance, StorageEntry.Role role,
                               String engine, String version, Set<String> running) {
        String name = kind == StorageEntry.Kind.VOLUME ? location : displayName(Path.of(location));
        return new StorageEntry(name, kind, location, -1, instance, role, engine, version, running.contains(location));
    }

    /** A folder's name relative to the data root (short to type), or its absolute path if outside it. */
    private String displayName(Path folder) {
        Path base = root.path().toAbsolutePath().normalize();
        Path f = folder.toAbsolutePath().normalize();
        return f.startsWith(base) ? base.relativize(f).toString().replace('\\', '/') : f.toString();
    }

    /** Locations that running managed containers mount, from their storage label: one list call. */
    private Set<String> runningLocations() {
        Set<String> locations = new HashSet<>();
        for (ContainerSummary c : docker.listManaged()) {
            String storage = c.label(Labels.STORAGE);
            if ("running".equals(c.state()) && storage != null && storage.indexOf(':') > 0) {
                locations.add(storage.substring(storage.indexOf(':') + 1));
            }
        }
        return locations;
    }

    private List<StorageEntry> measure(List<StorageEntry> entries, Optional<String> helperImage) {
        Map<String, Long> volumeSizes = entries.stream().anyMatch(e -> e.kind() == StorageEntry.Kind.VOLUME)
                ? docker.volumeSizes() : Map.of();
        List<StorageEntry> measured = new ArrayList<>();
        List<Integer> unreadable = new ArrayList<>();
        for (StorageEntry e : entries) {
            if (e.kind() == StorageEntry.Kind.VOLUME) {
                measured.add(e.withBytes(volumeSizes.getOrDefault(e.location(), -1L)));
            } else {
                long size = walk(Path.of(e.location()));
                if (size < 0) {
                    unreadable.add(measured.size());
                }
                measured.add(e.withBytes(size));
            }
        }
        if (!unreadable.isEmpty() && helperImage.isPresent()) {
            measureInContainer(measured, unreadable, helperImage.get());
        }
        return measured;
    }

    /** du -sk of every folder the walk could not read, in one helper container. */
    private void measureInContainer(List<StorageEntry> entries, List<Integer> indexes, String image) {
        List<ContainerSpec.Mount> mounts = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of("du", "-sk"));
        for (int i = 0; i < indexes.size(); i++) {
            mounts.add(new ContainerSpec.Mount(entries.get(indexes.get(i)).location(), "/m/" + i, false));
            command.add("/m/" + i);
        }
        try {
            String out = docker.helperOutput(image, mounts, command, Map.of(Labels.MANAGED, "true", Labels.ROLE, "helper"));
            for (String line : out.split("\\R")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[1].startsWith("/m/")) {
                    int i = Integer.parseInt(parts[1].substring(3));
                    int at = indexes.get(i);
                    entries.set(at, entries.get(at).withBytes(Long.parseLong(parts[0]) * 1024));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not measure folders in a helper container: {}", e.toString());
        }
    }

    /** Bytes in a folder tree (links not followed), or -1 when part of it cannot be read. */
    static long walk(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] total = {0};
        boolean[] denied = {false};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    if (exc instanceof AccessDeniedException) {
                        denied[0] = true;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return denied[0] ? -1 : total[0];
    }

    private static List<Path> children(Path dir) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            list.forEach(found::add);
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.toString());
        }
        found.sort(null);
        return found;
    }
}
