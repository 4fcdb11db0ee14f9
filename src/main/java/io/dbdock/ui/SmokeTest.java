package io.dbdock.ui;

import java.time.Duration;
import java.time.Instant;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dbdock --smoke-test}: proves an installed app really opens its window. After the first
 * frame it prints the time since the process started, closes the window the way the window
 * manager's close button does (so the tray-or-quit behaviour runs), and quits with status 0.
 */
final class SmokeTest {
    private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);

    private SmokeTest() {
    }

    static void after(Stage stage, AppShell shell) {
        // The first pulse after showing is the first frame; a runLater posted then runs right after it.
        Runnable firstFrame = () -> Platform.runLater(() -> {
            long ms = ProcessHandle.current().info().startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
            String line = "smoke test: first frame " + ms + " ms after process start; tray " + (shell.tray().isPresent() ? "present" : "absent");
            LOG.info(line);
            System.out.println(line);
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            String after = "smoke test: closing the window " + (shell.isQuitting() ? "quits dbdock"
                    : stage.isShowing() ? "left it open" : "hid it to the tray");
            LOG.info(after);
            System.out.println(after);
            shell.quit();
        });
        if (stage.isShowing()) {
            firstFrame.run();
        } else {
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> firstFrame.run());
        }
    }
}
