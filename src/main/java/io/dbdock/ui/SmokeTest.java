package io.dbdock.ui;

import java.time.Duration;
import java.time.Instant;
import io.dbdock.ui.main.MainViewModel;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dbdock --smoke-test}: proves an installed app really opens its window. After the first
 * frame that shows the loaded instance list it prints the time since the process started, closes the window the way the window
 * manager's close button does (so the tray-or-quit behaviour runs), and quits with status 0.
 */
final class SmokeTest {
    private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);

    private SmokeTest() {
    }

    /**
     * Times the first frame with the loaded list; once start-up has settled (the tray is in, the
     * details panel built) closes the window as a user would and quits.
     */
    static void after(Stage stage, AppShell shell, MainViewModel viewModel, Consumer<Runnable> whenSettled) {
        // The first pulse after showing the loaded list is the first useful frame; a runLater posted then runs right after it.
        Runnable firstFrame = () -> viewModel.whenLoaded(() -> Platform.runLater(() -> {
            long ms = ProcessHandle.current().info().startInstant()
                    .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
            // The wall clock too: whoever launched this can time from its own clock (the process start time
            // the OS gives is rounded to its boot second, up to a second off).
            print("smoke test: first frame " + ms + " ms after process start (clock " + System.currentTimeMillis() + "), showing "
                    + viewModel.items().size() + " instances");
        }));
        whenSettled.accept(() -> {
            print("smoke test: tray " + (shell.tray().isPresent() ? "present" : "absent"));
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            print("smoke test: closing the window " + (shell.isQuitting() ? "quits dbdock"
                    : stage.isShowing() ? "left it open" : "hid it to the tray"));
            shell.quit();
        });
        if (stage.isShowing()) {
            firstFrame.run();
        } else {
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> firstFrame.run());
        }
    }

    private static void print(String line) {
        LOG.info(line);
        System.out.println(line);
    }
}
