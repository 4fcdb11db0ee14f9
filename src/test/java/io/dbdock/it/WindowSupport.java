package io.dbdock.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for tests that drive the real window. */
final class WindowSupport {
    private WindowSupport() {
    }

    /** Starts the desktop app on a test's data root with the stand-in images and the discovered engine. */
    static io.dbdock.ui.DesktopApp launchDesktop(TestInstances t) throws Exception {
        return launchDesktop(t, io.dbdock.docker.DockerConnection::toDiscoveredEngine);
    }

    static io.dbdock.ui.DesktopApp launchDesktop(TestInstances t,
            java.util.function.Supplier<io.dbdock.docker.DockerGateway> docker) throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        return (io.dbdock.ui.DesktopApp) org.testfx.api.FxToolkit.setupApplication(() -> new io.dbdock.ui.DesktopApp(
                new io.dbdock.app.Core.Wiring(t.root, new io.dbdock.engine.ImageResolver(java.util.Map.of(),
                        Requirements.IMAGE_PREFIX), docker)));
    }

    /** Polls a condition evaluated on the FX thread. */
    static void waitUntil(String what, long timeoutMs, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (Boolean.TRUE.equals(WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeoutMs + " ms waiting until " + what);
    }

    /** Runs on the AWT event thread (the tray's menu lives there) and returns the result. */
    static <T> T onAwt(Callable<T> call) throws Exception {
        if (java.awt.EventQueue.isDispatchThread()) {
            return call.call();
        }
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Exception> error = new java.util.concurrent.atomic.AtomicReference<>();
        java.awt.EventQueue.invokeAndWait(() -> {
            try {
                result.set(call.call());
            } catch (Exception e) {
                error.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        return result.get();
    }

    static <T> T onFx(Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    /** Saves the whole virtual screen to target/screenshots/NAME.png (what a person would see). */
    static void screenshot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Process p = new ProcessBuilder("import", "-window", "root", file.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("screenshot failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
