package io.dbdock.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * User settings from {@code settings.json} in the data root, as a value. Only
 * {@code io.dbdock.app.SettingsService} reads and writes the file.
 *
 * @param imageRepositories per-engine image repository overrides, e.g. {"postgres": "mirror.local/postgres"}
 * @param defaultStorage    "folder" or "volume"; empty means the platform default
 * @param theme             "system" (follow the desktop), "light" or "dark"
 * @param stopOnQuit        stop the running instances when the user quits the app (they are left running otherwise)
 * @param startAtLogin      the user asked for dbdock to start (hidden to the tray) when they log in
 * @param trayHintShown     the "still running in the tray" hint was shown once already
 */
public record Settings(@JsonProperty("imageRepositories") Map<String, String> imageRepositories,
                       @JsonProperty("defaultStorage") String defaultStorage,
                       @JsonProperty("theme") String theme,
                       @JsonProperty("stopOnQuit") boolean stopOnQuit,
                       @JsonProperty("startAtLogin") boolean startAtLogin,
                       @JsonProperty("trayHintShown") boolean trayHintShown,
                       @JsonProperty("window") WindowPlacement window) {

    public Settings {
        imageRepositories = imageRepositories == null ? Map.of() : Map.copyOf(imageRepositories);
        defaultStorage = defaultStorage == null ? "" : defaultStorage;
        theme = theme == null || theme.isBlank() ? "system" : theme;
    }

    public Settings(Map<String, String> imageRepositories, String defaultStorage) {
        this(imageRepositories, defaultStorage, "system", false, false, false, null);
    }

    public static Settings defaults() {
        return new Settings(Map.of(), "");
    }

    public Settings withTheme(String newTheme) {
        return new Settings(imageRepositories, defaultStorage, newTheme, stopOnQuit, startAtLogin, trayHintShown, window);
    }

    public Settings withStopOnQuit(boolean stop) {
        return new Settings(imageRepositories, defaultStorage, theme, stop, startAtLogin, trayHintShown, window);
    }

    public Settings withStartAtLogin(boolean start) {
        return new Settings(imageRepositories, defaultStorage, theme, stopOnQuit, start, trayHintShown, window);
    }

    public Settings withTrayHintShown() {
        return new Settings(imageRepositories, defaultStorage, theme, stopOnQuit, startAtLogin, true, window);
    }

    /** With the main window's place as it was closed (null: none saved yet). */
    public Settings withWindow(WindowPlacement placement) {
        return new Settings(imageRepositories, defaultStorage, theme, stopOnQuit, startAtLogin, trayHintShown, placement);
    }
}
