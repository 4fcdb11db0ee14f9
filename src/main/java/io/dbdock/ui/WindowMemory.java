package io.dbdock.ui;

import io.dbdock.app.SettingsService;
import io.dbdock.model.WindowPlacement;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's place across launches: restored before the first show when it is still on a
 * screen (a monitor unplugged since gives the default instead), saved when the window is hidden
 * or the app quits. While maximised the bounds before maximising are what is kept, so leaving
 * the maximised state later gives back the user's own size.
 */
final class WindowMemory {
    private static final Logger LOG = LoggerFactory.getLogger(WindowMemory.class);
    /** How much of a saved window must be on a screen for it to open there (enough to grab its title bar). */
    private static final double VISIBLE = 120;

    private final Stage stage;
    private final SettingsService settings;
    private Rectangle2D normal;
    private DoubleSupplier divider = () -> 0;
    private Supplier<String> tab = () -> null;

    WindowMemory(Stage stage, SettingsService settings) {
        this.stage = stage;
        this.settings = settings;
    }

    /** Where the split and the open tab come from when the place is saved. */
    void follow(DoubleSupplier divider, Supplier<String> tab) {
        this.divider = divider;
        this.tab = tab;
    }

    /** Before the first show: the saved place, or the preferred size (never beyond the screen), centred. */
    WindowPlacement restore(Parent root) {
        WindowPlacement saved = settings.current().window();
        if (saved != null && saved.width() >= 200 && saved.height() >= 150 && onAScreen(saved)) {
            Rectangle2D screen = screenOf(saved).getVisualBounds();
            place(new Rectangle2D(saved.x(), saved.y(), Math.min(saved.width(), screen.getWidth()),
                    Math.min(saved.height(), screen.getHeight())));
            stage.setMaximized(saved.maximized());
        } else {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            double width = Math.min(root.prefWidth(-1), screen.getWidth() * 0.95);
            double height = Math.min(root.prefHeight(-1), screen.getHeight() * 0.95);
            place(new Rectangle2D(screen.getMinX() + (screen.getWidth() - width) / 2, screen.getMinY() + (screen.getHeight() - height) / 3,
                    width, height));
        }
        normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        Rectangle2D intended = normal;
        // Some window managers (Openbox) map a new window at a size of their own (198x175) and ignore the
        // size asked for before the first show: ask again once the window is mapped, when they honour it.
        stage.addEventHandler(WindowEvent.WINDOW_SHOWN, new javafx.event.EventHandler<>() {
            @Override
            public void handle(WindowEvent e) {
                stage.removeEventHandler(WindowEvent.WINDOW_SHOWN, this);
                Platform.runLater(() -> {
                    if (!stage.isMaximized()) {
                        place(intended);
                    }
                });
                // A busy window manager may still put the window where its own placement wants it after that
                // request (seen under load: the right size at Openbox's spot). A move it makes in the first
                // moments is answered with the place asked for, a few times at most; later moves are the user's.
                long settleUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
                int[] answers = {0};
                javafx.beans.InvalidationListener moved = new javafx.beans.InvalidationListener() {
                    @Override
                    public void invalidated(javafx.beans.Observable o) {
                        if (System.nanoTime() >= settleUntil || answers[0] >= 3) {
                            stage.xProperty().removeListener(this); // settled: every move from now on is the user's
                            stage.yProperty().removeListener(this);
                        } else if (!stage.isMaximized() && (stage.getX() != intended.getMinX() || stage.getY() != intended.getMinY())) {
                            answers[0]++;
                            Platform.runLater(() -> place(intended));
                        }
                    }
                };
                stage.xProperty().addListener(moved);
                stage.yProperty().addListener(moved);
            }
        });
        // A window opened maximised has no size of its own for the window manager to go back to:
        // leaving maximised gives back the one kept here.
        stage.maximizedProperty().addListener((o, was, now) -> {
            if (!now && normal != null) {
                Rectangle2D restoreTo = normal;
                Platform.runLater(() -> place(restoreTo));
            }
        });
        stage.xProperty().addListener(o -> remember());
        stage.yProperty().addListener(o -> remember());
        stage.widthProperty().addListener(o -> remember());
        stage.heightProperty().addListener(o -> remember());
        return saved;
    }

    private void place(Rectangle2D bounds) {
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
    }

    private void remember() {
        if (!stage.isMaximized() && !stage.isIconified() && !stage.isFullScreen() && stage.getWidth() > 0 && stage.getHeight() > 0) {
            normal = new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        }
    }

    /** The place as it is now. */
    WindowPlacement current() {
        Rectangle2D b = normal != null ? normal : new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        return new WindowPlacement(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight(), stage.isMaximized(),
                divider.getAsDouble(), tab.get());
    }

    /** Saves the place now (a small file write: done where the app hides or quits). */
    void save() {
        WindowPlacement now = current();
        if (now.width() <= 0 || now.height() <= 0 || now.equals(settings.current().window())) {
            return;
        }
        try {
            settings.update(s -> s.withWindow(now));
        } catch (RuntimeException e) {
            LOG.warn("Could not save the window's place: {}", e.getMessage());
        }
    }

    private static boolean onAScreen(WindowPlacement p) {
        for (Screen screen : Screen.getScreens()) {
            Rectangle2D v = screen.getVisualBounds();
            double w = Math.min(p.x() + p.width(), v.getMaxX()) - Math.max(p.x(), v.getMinX());
            double h = Math.min(p.y() + p.height(), v.getMaxY()) - Math.max(p.y(), v.getMinY());
            if (w >= VISIBLE && h >= VISIBLE / 3 && p.y() >= v.getMinY() - 1 && p.y() < v.getMaxY() - VISIBLE / 3) {
                return true;
            }
        }
        return false;
    }

    private static Screen screenOf(WindowPlacement p) {
        var screens = Screen.getScreensForRectangle(p.x(), p.y(), p.width(), p.height());
        return screens.isEmpty() ? Screen.getPrimary() : screens.get(0);
    }
}
