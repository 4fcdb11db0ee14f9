package io.dbdock.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dbdock.common.DataRoot;
import io.dbdock.ui.common.SingleInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void theSecondLaunchAsksTheFirstToShowItsWindow() throws Exception {
        DataRoot root = new DataRoot(dir);
        Optional<SingleInstance> first = SingleInstance.claim(root);
        assertTrue(first.isPresent());
        try (SingleInstance owner = first.get()) {
            assertTrue(SingleInstance.claim(root).isEmpty(), "the data root has its app already");
            assertTrue(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("gui.port"))).equals("rw-------"));
            CountDownLatch shown = new CountDownLatch(1);
            owner.onShowRequest(shown::countDown);
            assertTrue(SingleInstance.askRunningAppToShow(root));
            assertTrue(shown.await(5, TimeUnit.SECONDS));
        }
        // Gone: the next launch owns the root again.
        Optional<SingleInstance> next = SingleInstance.claim(root);
        assertTrue(next.isPresent());
        next.get().close();
    }

    @Test
    void aRequestWithoutTheTokenDoesNothing() throws Exception {
        DataRoot root = new DataRoot(dir);
        try (SingleInstance owner = SingleInstance.claim(root).orElseThrow()) {
            CountDownLatch shown = new CountDownLatch(1);
            owner.onShowRequest(shown::countDown);
            int port = Integer.parseInt(Files.readString(dir.resolve("gui.port")).split(" ")[0]);
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                s.getOutputStream().write("wrong show\n".getBytes());
                s.getOutputStream().flush();
                s.shutdownOutput();
                s.getInputStream().read();
            }
            assertFalse(shown.await(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aRequestBeforeTheWindowExistsIsKeptUntilItDoes() throws Exception {
        DataRoot root = new DataRoot(dir);
        try (SingleInstance owner = SingleInstance.claim(root).orElseThrow()) {
            assertTrue(SingleInstance.askRunningAppToShow(root));
            CountDownLatch shown = new CountDownLatch(1);
            owner.onShowRequest(shown::countDown);
            assertTrue(shown.await(1, TimeUnit.SECONDS));
        }
    }
}
