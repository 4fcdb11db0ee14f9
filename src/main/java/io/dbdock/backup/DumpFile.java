package io.dbdock.backup;

import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A dump file checked from end to end before anything is restored from it: it must decompress
 * cleanly (gzip checks its own CRC and length), match the checksum dbdock recorded when it made
 * it, start like a dump of the instance's engine and end like a complete one. A restore reads it
 * only after that, so a damaged or foreign file changes nothing.
 *
 * @param path       the file
 * @param compressed gzip or plain
 * @param fileBytes  size on disk
 * @param rawBytes   size of the dump itself (after decompression)
 * @param extensions the PostgreSQL extensions the dump creates (empty for other engines)
 */
public record DumpFile(Path path, boolean compressed, long fileBytes, long rawBytes, java.util.Set<String> extensions) {
    /** Checks a file as a dump for this engine; throws a plain-worded error if it is not one. */
    public static DumpFile inspect(Path path, EngineSpec engine, EngineCatalog catalog, LongConsumer progress) {
        if (!Files.isRegularFile(path)) {
            throw UserFacingException.notFound("There is no file " + path + ".");
        }
        if (!Files.isReadable(path)) {
            throw UserFacingException.invalid("dbdock may not read " + path + ". Check its permissions.");
        }
        Optional<BackupInfo> recorded = BackupStore.readInfo(path);
        if (recorded.isPresent() && !sameFormat(catalog, recorded.get().engine(), engine)) {
            throw UserFacingException.invalid(path.getFileName() + " is a backup of a " + recorded.get().engine()
                    + " instance; it cannot be restored into " + engine.displayName() + ". Nothing was changed.");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        boolean compressed;
        long fileBytes;
        DumpEnds ends = new DumpEnds();
        // Only engines with extension variants have dumps that name extensions (SQL from pg_dump).
        DumpExtensions extensions = catalog.base(engine).variants().isEmpty() ? null : new DumpExtensions();
        try {
            fileBytes = Files.size(path);
            compressed = isGzip(path);
            try (DigestInputStream file = new DigestInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), sha);
                 InputStream in = compressed ? new GZIPInputStream(file, 1 << 16) : file) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    ends.add(buf, 0, n);
                    if (extensions != null) {
                        extensions.add(buf, 0, n);
                    }
                    if (progress != null) {
                        progress.accept(ends.total());
                    }
                }
                // Drain what gzip did not need (trailing bytes), so the checksum covers the whole file.
                file.transferTo(OutputStream.nullOutputStream());
            }
        } catch (EOFException e) {
            throw damaged(path, "its compressed data ends early (the file was cut short)");
        } catch (ZipException e) {
            throw damaged(path, "its compressed data is corrupt (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw UserFacingException.failed("Cannot read " + path + ": " + e.getMessage(), e);
        }
        if (recorded.isPresent() && recorded.get().sha256() != null
                && !recorded.get().sha256().equals(HexFormat.of().formatHex(sha.digest()))) {
            throw damaged(path, "it no longer matches the checksum recorded when dbdock made it");
        }
        long raw = ends.total();
        if (raw == 0) {
            throw UserFacingException.invalid(path.getFileName() + " is empty. Nothing was changed.");
        }
        byte[] start = ends.head();
        if (!engine.dump().matchesHeader(start)) {
            String other = catalog.all().stream().filter(e -> e.dump().matchesHeader(start)).map(EngineSpec::displayName)
                    .findFirst().orElse(null);
            throw UserFacingException.invalid(path.getFileName() + (other != null
                    ? " is a " + other + " dump, not a " + engine.displayName() + " one."
                    : " is not a " + engine.displayName() + " dump (it does not start like one).") + " Nothing was changed.");
        }
        if (!engine.dump().ending().test().test(ends.tail())) {
            throw damaged(path, "the dump stops before its end (" + engine.dump().ending().description() + " is missing)");
        }
        // Valkey reads Redis' snapshots only up to the format Redis 7.2 writes: refuse newer ones before anything changes.
        Optional<String> unreadable = catalog.switchTo(engine.id()).flatMap(x -> x.dumpProblem().apply(start));
        if (unreadable.isPresent()) {
            throw UserFacingException.invalid(path.getFileName() + " cannot be loaded into " + engine.displayName() + ": "
                    + unreadable.get() + ". Nothing was changed.");
        }
        return new DumpFile(path, compressed, fileBytes, raw, extensions == null ? java.util.Set.of() : extensions.names());
    }

    /** A backup of an engine whose dumps look the same (MySQL and MariaDB) restores into this one. */
    private static boolean sameFormat(EngineCatalog catalog, String recordedEngine, EngineSpec engine) {
        return recordedEngine.equals(engine.id()) || catalog.find(recordedEngine)
                .map(e -> e.dump().header().equals(engine.dump().header()) && e.dump().extension().equals(engine.dump().extension()))
                .orElse(false);
    }

    private static UserFacingException damaged(Path path, String why) {
        return UserFacingException.invalid(path.getFileName() + " is damaged: " + why
                + ". Nothing was changed; restore from another backup.");
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The dump itself, decompressed if the file is compressed. */
    public InputStream openDump() throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        return compressed ? new GZIPInputStream(file, 1 << 16) : file;
    }

    /** The file as it is on disk. */
    public InputStream openFile() throws IOException {
        return new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    }
}
