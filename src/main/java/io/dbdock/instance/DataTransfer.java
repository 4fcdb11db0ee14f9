package io.dbdock.instance;

import io.dbdock.backup.BackupInfo;
import io.dbdock.backup.DumpEnds;
import io.dbdock.backup.DumpFile;
import io.dbdock.backup.TransferProgress;
import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.DumpSpec;
import io.dbdock.engine.EngineSpec;
import io.dbdock.store.AtomicFiles;
import io.dbdock.model.InstanceRecord;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an instance's data in and out of its running container with the engine's own tools
 * (see {@link DumpSpec}): a dump streams out through the engine API into a gzip file on the
 * host; a load streams a checked dump file back in.
 */
final class DataTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(DataTransfer.class);
    private static final long PROGRESS_STEP = 1 << 20;

    private final DockerGateway docker;

    DataTransfer(DockerGateway docker) {
        this.docker = docker;
    }

    /**
     * Dumps a running instance into {@code target} (gzip, fast level), written as a part file first
     * and moved into place only once the dump is complete, with its {@link BackupInfo} beside it.
     */
    BackupInfo dump(InstanceRecord r, EngineSpec engine, Credentials credentials, String image, Path target,
                    Consumer<TransferProgress> progress) {
        DumpSpec spec = engine.dump();
        Instant started = Instant.now();
        Path part = target.resolveSibling(target.getFileName() + ".part");
        MessageDigest sha = sha256();
        DumpEnds ends = new DumpEnds();
        Counting counted;
        DockerGateway.ExecResult result;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
                 DigestOutputStream digest = new DigestOutputStream(file, sha);
                 GZIPOutputStream gzip = new FastGzip(digest);
                 Counting counting = new Counting(gzip, progress, "Dumping")) {
                counted = counting;
                result = docker.exec(r.containerName(), spec.dumpCommand(credentials), Map.of(), null,
                        new FilterOutputStream(counting) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                ends.add(b, off, len);
                                counting.write(b, off, len);
                            }
                        }, line -> { });
            }
            AtomicFiles.restrictToOwnerQuietly(part);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(part);
            throw UserFacingException.failed("Could not write the backup to " + target + ": " + rootMessage(e)
                    + ". Check free disk space and permissions.", e);
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
        if (!result.ok() || !spec.matchesHeader(ends.head()) || !spec.ending().test().test(ends.tail())) {
            deleteQuietly(part);
            throw toolFailed(r, engine, "back up", result);
        }
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            BackupInfo info = new BackupInfo(target, r.name(), r.engine(), r.version(), image, started, Files.size(target),
                    counted.count, HexFormat.of().formatHex(sha.digest()), false);
            LOG.info("Backed up {} to {} ({} bytes, {} before compression) in {} ms", r.name(), target, info.bytes(),
                    info.rawBytes(), java.time.Duration.between(started, Instant.now()).toMillis());
            return info;
        } catch (IOException e) {
            deleteQuietly(part);
            throw UserFacingException.failed("Could not finish the backup file " + target + ": " + e.getMessage(), e);
        }
    }

    /** Loads a checked dump into the running instance; its errors (other than expected ones) fail the load. */
    void load(InstanceRecord r, EngineSpec engine, Credentials credentials, DumpFile dump, Consumer<TransferProgress> progress) {
        DumpSpec spec = engine.dump();
        // Send the file as it is when the container can decompress it: a sixth of the bytes to move.
        boolean sendCompressed = dump.compressed() && docker.exec(r.containerName(), List.of("sh", "-c", "command -v gzip"),
                Map.of(), null, OutputStream.nullOutputStream(), line -> { }).ok();
        long bytes = sendCompressed ? dump.fileBytes() : dump.rawBytes();
        String script = "head -c \"$DBDOCK_BYTES\" | " + (sendCompressed ? "gzip -dc | " : "") + "sh -c \"$DBDOCK_LOAD\"";
        List<String> load = spec.load().streamCommand().apply(credentials);
        List<String> errors = new ArrayList<>();
        DockerGateway.ExecResult result;
        try (InputStream in = new CountingInput(sendCompressed ? dump.openFile() : dump.openDump(), progress, bytes)) {
            result = docker.exec(r.containerName(), List.of("sh", "-c", script),
                    Map.of("DBDOCK_BYTES", String.valueOf(bytes), "DBDOCK_LOAD", load.get(load.size() - 1)), in,
                    OutputStream.nullOutputStream(), line -> {
                        if (line.contains("ERROR") && !spec.harmlessError().test(credentials, line)) {
                            errors.add(line.strip());
                        }
                    });
        } catch (IOException e) {
            throw UserFacingException.failed("Could not read " + dump.path() + ": " + e.getMessage(), e);
        }
        if (!result.ok() || !errors.isEmpty()) {
            LOG.warn("Loading {} into {} failed (exit {}): {} error lines, first: {}", dump.path(), r.name(), result.exitCode(),
                    errors.size(), errors.isEmpty() ? result.lastError() : errors.get(0));
            throw new UserFacingException(io.dbdock.common.Problem.FAILED, "The database refused the dump: "
                    + (errors.isEmpty() ? result.lastError() : errors.get(0))
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more errors)" : "")
                    + ". The instance was left as it was.", null);
        }
        // A dump that carries the users' passwords (pg_dumpall) replaced the instance user's: set it back.
        if (spec.resetPassword().orElse(null) instanceof io.dbdock.engine.PasswordRepair.Exec exec) {
            DockerGateway.ExecResult reset = run(r, exec.command().apply(credentials));
            if (!reset.ok()) {
                throw toolFailed(r, engine, "set the password after the restore", reset);
            }
        }
    }

    /** Puts a data-file dump (an RDB) into a created, not yet started container's data folder. */
    void placeDataFile(String containerId, String dataMount, DumpSpec spec, DumpFile dump) {
        try (InputStream in = dump.openDump()) {
            docker.copyStream(containerId, dataMount, spec.load().dataFile(), dump.rawBytes(), in);
        } catch (IOException e) {
            throw UserFacingException.failed("Could not read " + dump.path() + ": " + e.getMessage(), e);
        }
    }

    /** Runs the step that follows loading a data file (Redis: switch append-only on again). */
    void finishDataFile(InstanceRecord r, EngineSpec engine) {
        DockerGateway.ExecResult done = run(r, engine.dump().load().afterLoad());
        if (!done.ok()) {
            throw toolFailed(r, engine, "finish the restore", done);
        }
    }

    private DockerGateway.ExecResult run(InstanceRecord r, List<String> command) {
        return docker.exec(r.containerName(), command, Map.of(), null, OutputStream.nullOutputStream(), line -> { });
    }

    private static UserFacingException toolFailed(InstanceRecord r, EngineSpec engine, String action, DockerGateway.ExecResult result) {
        boolean missing = result.exitCode() == 127 || result.errorTail().stream().anyMatch(l -> l.endsWith("not found"));
        if (missing) {
            return new UserFacingException(io.dbdock.common.Problem.FAILED, "The image of '" + r.name() + "' has no "
                    + engine.dump().tools() + ", so dbdock cannot " + action + " with it. Use an image that includes them.", null);
        }
        String why = result.ok() ? "the dump it wrote is incomplete" : result.lastError().isEmpty()
                ? "the tool stopped with exit code " + result.exitCode() : result.lastError();
        return new UserFacingException(io.dbdock.common.Problem.FAILED, "Could not " + action + " '" + r.name() + "': "
                + why + ". Nothing was changed.", null);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", p, e.toString());
        }
    }

    /** gzip at its fastest level: dumps compress well anyway, and the dump should not wait for the compressor. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Counts bytes written and reports progress every megabyte. */
    private static final class Counting extends FilterOutputStream {
        private final Consumer<TransferProgress> progress;
        private final String step;
        long count;
        private long reported;

        Counting(OutputStream out, Consumer<TransferProgress> progress, String step) {
            super(out);
            this.progress = progress;
            this.step = step;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
            if (progress != null && count - reported >= PROGRESS_STEP) {
                reported = count;
                progress.accept(new TransferProgress(step, count, -1));
            }
        }
    }

    /** Counts bytes read and reports progress every megabyte. */
    private static final class CountingInput extends FilterInputStream {
        private final Consumer<TransferProgress> progress;
        private final long total;
        private long count;
        private long reported;

        CountingInput(InputStream in, Consumer<TransferProgress> progress, long total) {
            super(in);
            this.progress = progress;
            this.total = total;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (progress != null && (count - reported >= PROGRESS_STEP || count == total)) {
                    reported = count;
                    progress.accept(new TransferProgress("Loading", count, total));
                }
            }
            return n;
        }
    }
}
