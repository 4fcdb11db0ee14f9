package io.dbdock.docker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Files into a container: small secret files as one tar, and a large dump streamed in as it is read. */
final class FileCopies extends SessionCalls {

    FileCopies(DockerSession session) {
        super(session);
    }

    public void copyFiles(String containerId, Map<String, String> files) {
        byte[] tar = tar(files);
        run("copy files into " + containerId, () -> client.copyArchiveToContainerCmd(containerId)
                .withTarInputStream(new ByteArrayInputStream(tar))
                .withRemotePath("/")
                .exec());
    }

    public void copyStream(String containerId, String directory, String fileName, long size, InputStream content) {
        // The tar is written on the fly by a second thread, so a large file never sits in memory.
        java.io.PipedInputStream tar = new java.io.PipedInputStream(1 << 16);
        IOException[] failure = {null};
        Thread writer;
        try {
            java.io.PipedOutputStream sink = new java.io.PipedOutputStream(tar);
            writer = new Thread(() -> {
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(sink)) {
                    out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    TarArchiveEntry entry = new TarArchiveEntry(fileName);
                    entry.setSize(size);
                    entry.setMode(0100644);
                    out.putArchiveEntry(entry);
                    content.transferTo(out);
                    out.closeArchiveEntry();
                    out.finish();
                } catch (IOException e) {
                    failure[0] = e;
                    DockerSession.closeQuietly(tar);
                }
            }, "docker-copy-in");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.setDaemon(true);
        writer.start();
        try {
            call("copy " + fileName + " into " + containerId, Duration.ofHours(6), () -> {
                client.copyArchiveToContainerCmd(containerId).withTarInputStream(tar).withRemotePath(directory).exec();
                return null;
            });
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying into " + containerId, e);
        } finally {
            DockerSession.closeQuietly(tar);
        }
        if (failure[0] != null) {
            throw new UncheckedIOException(failure[0]);
        }
    }

    /** A tar of the given files (paths absolute in the container), with their parent folders. */
    static byte[] tar(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new HashSet<>();
            for (Map.Entry<String, String> file : files.entrySet()) {
                String path = file.getKey().replaceFirst("^/+", "");
                String[] parts = path.split("/");
                StringBuilder dir = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    dir.append(parts[i]).append('/');
                    // Only our own folders are added: existing ones like /run keep their modes.
                    if (i > 0 && dirs.add(dir.toString())) {
                        TarArchiveEntry d = new TarArchiveEntry(dir.toString());
                        d.setMode(040755);
                        out.putArchiveEntry(d);
                        out.closeArchiveEntry();
                    }
                }
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(path);
                e.setSize(content.length);
                // Readable by the server's own uid (mongo and redis read it after dropping root);
                // only processes inside this container can see the file.
                e.setMode(0100444);
                out.putArchiveEntry(e);
                out.write(content);
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
