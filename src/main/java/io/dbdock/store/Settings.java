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
 */
public record Settings(@JsonProperty("imageRepositories") Map<String, String> imageRepositories,
                       @JsonProperty("defaultStorage") String defaultStorage) {

    public Settings {
        imageRepositories = imageRepositories == null ? Map.of() : Map.copyOf(imageRepositories);
        defaultStorage = defaultStorage == null ? "" : defaultStorage;
    }

    public static Settings defaults() {
        return new Settings(Map.of(), "");
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
