package io.dbdock.store;

import io.dbdock.common.Json;
import io.dbdock.common.JsonValues;
import io.dbdock.common.DataRoot;
import io.dbdock.model.InstanceRecord;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance records, as one JSON file with a schema version. Every change happens under a
 * file lock (so a window and a CLI in other processes never clobber each other), re-reads the
 * file first, and is written atomically with the previous version kept as {@code .bak}.
 */
public final class InstanceStore {
    public static final int SCHEMA_VERSION = 1;
    private static final Logger LOG = LoggerFactory.getLogger(InstanceStore.class);

    private final DataRoot root;
    private final Path file;
    private final Path backup;
    private final FileMutex mutex;
    private volatile String recoveryNotice;
    /**
     * The records as last read or written, and the file they came from. A window reads the list on
     * every Docker event (a burst of 200 stops is 200 reads); a file that has not changed since is
     * not parsed again. dbdock replaces the file on every write (a new inode), and an edit in place
     * changes its time or size, so the file's key, time and size together tell a changed file.
     */
    private volatile Cached cached;

    private record Cached(Object fileKey, java.nio.file.attribute.FileTime modified, long size, List<InstanceRecord> records) {
        boolean describes(java.nio.file.attribute.BasicFileAttributes a) {
            return java.util.Objects.equals(fileKey, a.fileKey()) && modified.equals(a.lastModifiedTime()) && size == a.size();
        }
    }

    public InstanceStore(DataRoot root) {
        this.root = root;
        this.file = root.instancesFile();
        this.backup = file.resolveSibling(file.getFileName() + ".bak");
        this.mutex = new FileMutex(root, file.resolveSibling("instances.lock"));
    }

    /** The file's content as dbdock writes it. */
    public record Document(@JsonProperty("schemaVersion") int schemaVersion,
                           @JsonProperty("instances") List<InstanceRecord> instances) {
    }

    /** The current records (read under the lock, so never a half-written state). */
    public List<InstanceRecord> load() {
        return withLock(() -> List.copyOf(read()));
    }

    public Optional<InstanceRecord> find(Function<InstanceRecord, Boolean> predicate) {
        return load().stream().filter(predicate::apply).findFirst();
    }

    /**
     * Applies a change to the freshly read records and writes the result. The function may throw
     * a {@link UserFacingException} to refuse the change; nothing is written then.
     */
    public <T> T update(Function<List<InstanceRecord>, T> change) {
        return withLock(() -> {
            // Always parsed afresh: a change is written over what the file holds, never over a remembered copy.
            cached = null;
            List<InstanceRecord> records = new ArrayList<>(read());
            T result = change.apply(records);
            write(records);
            return result;
        });
    }

    /** Set when the last read had to recover from a damaged file; says what was done. */
    public Optional<String> recoveryNotice() {
        return Optional.ofNullable(recoveryNotice);
    }

    private List<InstanceRecord> read() {
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (IOException missing) {
            cached = null;
            return Files.exists(backup) ? recover("is missing") : List.of();
        }
        Cached last = cached;
        if (last != null && last.fileKey() != null && last.describes(attributes)) {
            return last.records();
        }
        try {
            List<InstanceRecord> records = List.copyOf(parse(file));
            cached = new Cached(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), records);
            return records;
        } catch (IOException e) {
            LOG.warn("Instance store {} is unreadable: {}", file, e.toString());
            return recover("was damaged");
        }
    }

    /** How often the file was parsed (tests: a file that did not change is not parsed again). */
    private final java.util.concurrent.atomic.AtomicInteger parses = new java.util.concurrent.atomic.AtomicInteger();

    int parses() {
        return parses.get();
    }

    private List<InstanceRecord> parse(Path path) throws IOException {
        parses.incrementAndGet();
        JsonValues.Fields doc = JsonValues.object(path);
        List<Object> instances = doc.list("instances");
        if (instances == null) {
            throw new IOException("no instance list in " + path);
        }
        int schemaVersion = doc.integer("schemaVersion", 0);
        if (schemaVersion > SCHEMA_VERSION) {
            throw new UserFacingException(Problem.FAILED, path + " was written by a newer dbdock (schema "
                    + schemaVersion + "). Update dbdock to use it.");
        }
        List<InstanceRecord> records = new ArrayList<>(instances.size());
        for (Object instance : instances) {
            if (!(instance instanceof java.util.Map)) {
                throw new IOException("an entry of the instance list in " + path + " is not an object");
            }
            records.add(RecordFields.read(JsonValues.fields(instance)));
        }
        return records;
    }

    private List<InstanceRecord> recover(String what) {
        Path keptCopy = null;
        try {
            if (Files.exists(file)) {
                keptCopy = file.resolveSibling(file.getFileName() + ".damaged-"
                        + DateTimeFormatter.ISO_INSTANT.format(Instant.now()).replace(':', '-'));
                Files.copy(file, keptCopy, StandardCopyOption.REPLACE_EXISTING);
            }
            List<InstanceRecord> records = parse(backup);
            write(records);
            recoveryNotice = "The instance list " + what + "; dbdock restored it from its backup"
                    + (keptCopy != null ? " and kept the damaged file as " + keptCopy : "") + ".";
            LOG.warn(recoveryNotice);
            return records;
        } catch (IOException e) {
            // Start with an empty list rather than not at all: the instances' containers carry
            // enough to take them back (see InstanceService), and the damaged file is kept.
            recoveryNotice = "The instance list " + what + " and its backup could not be read"
                    + (keptCopy != null ? "; dbdock kept the damaged file as " + keptCopy : "")
                    + " and takes instances back from their containers.";
            LOG.warn(recoveryNotice);
            try {
                write(List.of()); // once: later reads find a valid (empty) list, not the damaged one again
            } catch (UserFacingException cannotWrite) {
                LOG.warn("Could not replace the damaged instance list: {}", cannotWrite.getMessage());
            }
            return List.of();
        }
    }

    private void write(List<InstanceRecord> records) {
        try {
            byte[] json = Json.mapper().writeValueAsBytes(new Document(SCHEMA_VERSION, records));
            cached = null;
            AtomicFiles.write(file, json, backup);
            var written = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            cached = new Cached(written.fileKey(), written.lastModifiedTime(), written.size(), List.copyOf(records));
        } catch (IOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot save the instance list to " + file + ": "
                    + e.getMessage() + ". Check free disk space and permissions.", e);
        }
    }

    private <T> T withLock(java.util.function.Supplier<T> action) {
        return mutex.hold(action);
    }
}
