package io.dbdock.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A second, bare Xvfb display (no tray host) for tests that need a desktop without a tray. */
final class VirtualDisplay implements AutoCloseable {
    private final Process server;
    private final int number;

    private VirtualDisplay(Process server, int number) {
        this.server = server;
        this.number = number;
    }

    static VirtualDisplay start(int number) throws Exception {
        Path socket = Path.of("/tmp/.X11-unix/X" + number);
        // A server killed earlier may have left its lock and socket behind.
        Files.deleteIfExists(Path.of("/tmp/.X" + number + "-lock"));
        Files.deleteIfExists(socket);
        Process p = new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && !Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Xvfb :" + number + " did not start");
            }
            Thread.sleep(100);
        }
        return new VirtualDisplay(p, number);
    }

    String name() {
        return ":" + number;
    }

    @Override
    public void close() throws Exception {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
    }
}
