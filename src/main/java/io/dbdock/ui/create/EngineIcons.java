package io.dbdock.ui.create;

import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/** The icon shown for an engine: one glyph, coloured per engine by the stylesheet. */
public final class EngineIcons {
    private EngineIcons() {
    }

    public static FontIcon icon(String engineId) {
        FontIcon icon = new FontIcon(Material2AL.DNS);
        icon.getStyleClass().addAll("engine-icon", "engine-" + engineId);
        return icon;
    }
}
