package io.dbdock.ui.create;

import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The badge shown for an engine (assets/engines, drawn at 64 px and shown smaller so it stays
 * crisp on HiDPI screens); an icon glyph for an engine without a badge.
 */
public final class EngineIcons {
    private static final Map<String, Image> BADGES = new ConcurrentHashMap<>();
    /** Looked up once: a resource lookup searches the whole jar. */
    private static final Map<String, Optional<URL>> URLS = new ConcurrentHashMap<>();

    private EngineIcons() {
    }

    public static Node icon(String engineId) {
        URL url = URLS.computeIfAbsent(engineId, id -> Optional.ofNullable(
                EngineIcons.class.getResource("/io/dbdock/ui/engines/" + id + "-64.png"))).orElse(null);
        if (url == null) {
            FontIcon icon = new FontIcon(Material2AL.DNS);
            icon.getStyleClass().addAll("engine-icon", "engine-" + engineId);
            return icon;
        }
        ImageView view = new ImageView(BADGES.computeIfAbsent(engineId, id -> new Image(url.toExternalForm(), 64, 64, true, true)));
        view.setFitWidth(18);
        view.setFitHeight(18);
        view.setSmooth(true);
        return view;
    }
}
