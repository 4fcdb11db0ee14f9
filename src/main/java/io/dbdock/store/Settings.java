package io.dbdock.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * User settings from {@code settings.json} in the data root.
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
                       @JsonProperty("trayHintShown") boolean trayHintShown) {

    public Settings {
        imageRepositories = imageRepositories == null ? Map.of() : Map.copyOf(imageRepositories);
        defaultStorage = defaultStorage == null ? "" : defaultStorage;
        theme = theme == null || theme.isBlank() ? "system" : theme;
    }

    public Settings(Map<String, String> imageRepositories, String defaultStorage) {
        this(imageRepositories, defaultStorage, "system", false, false, false);
    }

    public static Settings defaults() {
        return new Settings(Map.of(), "");
    }

    public Settings withTheme(String newTheme) {
        return new Settings(imageRepositories, defaultStorage, newTheme, stopOnQuit, startAtLogin, trayHintShown);
    }

    public Settings withStopOnQuit(boolean stop) {
        return new Settings(imageRepositories, defaultStorage, theme, stop, startAtLogin, trayHintShown);
    }

    public Settings withStartAtLogin(boolean start) {
        return new Settings(imageRepositories, defaultStorage, theme, stopOnQuit, start, trayHintShown);
    }

    public Settings withTrayHintShown() {
        return new Settings(imageRepositories, defaultStorage, theme, stopOnQuit, startAtLogin, true);
    }

    /** Writes the settings atomically (other fields of the file are kept as they were read). */
    public void save(DataRoot root) {
        try {
            root.ensurePrivateDir(root.path());
            AtomicFiles.write(root.settingsFile(), Json.mapper().writeValueAsBytes(this), null);
        } catch (IOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot save the settings to " + root.settingsFile() + ": "
                    + e.getMessage(), e);
        }
    }

    public static Settings load(DataRoot root) {
        if (!Files.isRegularFile(root.settingsFile())) {
            return defaults();
        }
        try {
            Settings s = Json.mapper().readValue(root.settingsFile().toFile(), Settings.class);
            return s == null ? defaults() : s;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserFacingException(Problem.INVALID_INPUT, "The settings file " + root.settingsFile()
                    + " is not valid JSON (" + e.getOriginalMessage() + "). Fix or remove it.", e);
        } catch (IOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot read the settings file " + root.settingsFile()
                    + ": " + e.getMessage(), e);
        }
    }
}
