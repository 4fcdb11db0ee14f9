package io.dbdock.ui.common;

import io.dbdock.common.DataRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop app per data root. The first window holds a lock file and listens on a loopback
 * port (written, with a random token, to a private file); a second launch finds the lock taken,
 * asks the first to bring its window forward, and exits. The lock goes with the process, so a
 * crashed app never blocks the next start. The CLI does not take part.
 */
public final class SingleInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleInstance.class);
    private static final String SHOW = "show";

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocket server;
    private final String token;
    private final Path portFile;
    private Runnable onShow;
    private boolean showPending;

    private SingleInstance(FileChannel lockChannel, FileLock lock, ServerSocket server, String token, Path portFile) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.token = token;
        this.portFile = portFile;
        Thread t = new Thread(this::serve, "dbdock-single-instance");
        t.setDaemon(true);
        t.start();
    }

    /** Becomes the one app for this data root, or returns empty when another one already is. */
    public static Optional<SingleInstance> claim(DataRoot root) throws IOException {
        root.ensurePrivateDir(root.path());
        FileChannel channel = FileChannel.open(root.path().resolve("gui.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process holds it (tests)
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        Path portFile = root.path().resolve("gui.port");
        Files.deleteIfExists(portFile);
        Files.createFile(portFile, privateFile());
        Files.writeString(portFile, server.getLocalPort() + " " + token);
        return Optional.of(new SingleInstance(channel, lock, server, token, portFile));
    }

    private static java.nio.file.attribute.FileAttribute<?>[] privateFile() {
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[] {
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))};
        }
        return new java.nio.file.attribute.FileAttribute<?>[0];
    }

    /**
     * Asks the running app to show its window; true when it answered. Retries for a few seconds:
     * the other app may still be starting up.
     */
    public static boolean askRunningAppToShow(DataRoot root) {
        Path portFile = root.path().resolve("gui.port");
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            try {
                String[] parts = Files.readString(portFile).trim().split(" ");
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(parts[0])), 1000);
                    s.setSoTimeout(3000);
                    OutputStream out = s.getOutputStream();
                    out.write((parts[1] + " " + SHOW + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    if ("ok".equals(answer)) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not listening yet, or the file is being written: try again shortly.
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** What a second launch does: bring the window forward (called on this class's thread). */
    public synchronized void onShowRequest(Runnable action) {
        this.onShow = action;
        if (showPending) {
            showPending = false;
            action.run();
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(3000);
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (line != null && line.equals(token + " " + SHOW)) {
                    LOG.info("Another launch asked for the window");
                    requestShow();
                    s.getOutputStream().write("ok\n".getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.info("Single-instance request failed: {}", e.toString());
                }
            }
        }
    }

    private synchronized void requestShow() {
        if (onShow != null) {
            onShow.run();
        } else {
            showPending = true;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(portFile);
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.info("Closing the single-instance lock: {}", e.toString());
        }
    }
}
