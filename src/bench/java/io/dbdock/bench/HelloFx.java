package io.dbdock.bench;

import java.time.Duration;
import java.time.Instant;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/**
 * The first-frame baseline: a JavaFX hello-world window, started from the same jar the same way
 * and timed the same way as {@code dbdock --smoke-test} (process start to the first frame).
 * A plain main class, since the JavaFX launcher refuses an Application main class on the class path.
 */
public final class HelloFx {
    private HelloFx() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            stage.setScene(new Scene(new StackPane(new Label("Hello, world")), 960, 600));
            stage.setTitle("hello");
            boolean stay = getParameters().getRaw().contains("--stay"); // the idle-CPU baseline keeps it open
            stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> Platform.runLater(() -> {
                long ms = ProcessHandle.current().info().startInstant()
                        .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
                System.out.println("hello: first frame " + ms + " ms after process start (clock " + System.currentTimeMillis() + ")");
                if (!stay) {
                    Platform.exit();
                }
            }));
            stage.show();
        }
    }
}
