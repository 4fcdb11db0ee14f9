package io.dbdock.app;

import io.dbdock.model.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.store.AtomicFiles;
import io.dbdock.common.DataRoot;
import io.dbdock.store.FileMutex;
import io.dbdock.common.Json;
import io.dbdock.common.JsonValues;
import io.dbdock.model.WindowPlacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of {@code settings.json}: every change is an {@link #update} that re-reads the
 * file under a lock (the window, the tray and a CLI in another process may each have changed
 * something), applies only its own change and writes the result atomically. Fields this version
 * does not know (written by a newer dbdock, or by hand) are kept.
 */
public final class SettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsService.class);

    private final DataRoot root;
    private final FileMutex mutex;
    private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();
    private volatile Settings current;
    private final String problem;

    private SettingsService(DataRoot root, Settings current, String problem) {
        this.root = root;
        this.mutex = new FileMutex(root, root.settingsFile().resolveSibling("settings.lock"));
        this.current = current;
        this.problem = problem;
    }

    /** Reads the settings; a damaged file gives the defaults, and {@link #problem()} says so. */
    public static SettingsService open(DataRoot root) {
        try {
            return new SettingsService(root, read(root), null);
        } catch (UserFacingException e) {
            return new SettingsService(root, Settings.defaults(), e.getMessage() + " dbdock uses its defaults meanwhile.");
        }
    }

    /** Reads the settings, failing with a plain message when the file is damaged (for the command line). */
    public static Settings load(DataRoot root) {
        return read(root);
    }

    public Settings current() {
        return current;
    }

    /** Why the settings file could not be read when dbdock started, or null. */
    public String problem() {
        return problem;
    }

    /** Called with the new settings after every change (on the thread that made it). */
    public void addListener(Consumer<Settings> listener) {
        listeners.add(listener);
    }

    /**
     * Applies one change to the settings as they are in the file now, and saves them. A damaged
     * file is kept beside (settings.json.damaged-TIME) before it is replaced.
     */
    public Settings update(UnaryOperator<Settings> change) {
        Settings saved = mutex.hold(() -> {
            ObjectNode raw;
            Settings base;
            try {
                raw = rawFile();
                base = raw.isEmpty() ? Settings.defaults() : Json.mapper().treeToValue(raw, Settings.class);
            } catch (IOException | RuntimeException damaged) {
                keepDamaged();
                raw = Json.mapper().createObjectNode();
                base = Settings.defaults();
            }
            Settings changed = change.apply(base);
            // Known fields from the change, unknown ones as they were.
            raw.setAll((ObjectNode) Json.mapper().valueToTree(changed));
            try {
                root.ensurePrivateDir(root.path());
                AtomicFiles.write(root.settingsFile(), Json.mapper().writeValueAsBytes(raw), null);
            } catch (IOException e) {
                throw new UserFacingException(Problem.FAILED, "Cannot save the settings to " + root.settingsFile() + ": "
                        + e.getMessage() + ". Check free disk space and permissions.", e);
            }
            return changed;
        });
        current = saved;
        listeners.forEach(l -> l.accept(saved));
        return saved;
    }

    private ObjectNode rawFile() throws IOException {
        Path file = root.settingsFile();
        if (!Files.isRegularFile(file)) {
            return Json.mapper().createObjectNode();
        }
        JsonNode node = Json.mapper().readTree(file.toFile());
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Json.mapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw new IOException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    private void keepDamaged() {
        Path file = root.settingsFile();
        Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + Instant.now().toString().replace(':', '-'));
        try {
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            LOG.warn("The settings file was damaged; kept it as {} and wrote a new one", copy);
        } catch (IOException e) {
            LOG.warn("Could not keep a copy of the damaged settings file: {}", e.toString());
        }
    }

    private static WindowPlacement window(JsonValues.Fields w) throws IOException {
        if (w.map().isEmpty()) {
            return null;
        }
        return new WindowPlacement(w.decimal("x", 0), w.decimal("y", 0), w.decimal("width", 0), w.decimal("height", 0),
                w.bool("maximized", false), w.decimal("divider", 0), w.text("tab"));
    }

    private static Settings read(DataRoot root) {
        Path file = root.settingsFile();
        if (!Files.isRegularFile(file)) {
            return Settings.defaults();
        }
        try {
            // Read with the streaming parser: every command reads settings, few need the ObjectMapper.
            var content = JsonValues.optionalObject(file);
            if (content.isEmpty()) {
                return Settings.defaults();
            }
            JsonValues.Fields f = content.get();
            return new Settings(f.texts("imageRepositories"), f.text("defaultStorage"), f.text("theme"),
                    f.bool("stopOnQuit", false), f.bool("startAtLogin", false), f.bool("trayHintShown", false), window(f.object("window")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserFacingException(Problem.INVALID_INPUT, "The settings file " + file
                    + " is not valid JSON (" + e.getOriginalMessage() + "). Fix or remove it.", e);
        } catch (JsonValues.Unreadable e) {
            throw new UserFacingException(Problem.INVALID_INPUT, "The settings file " + file
                    + " is not what dbdock writes (" + e.getMessage() + "). Fix or remove it.", e);
        } catch (IOException e) {
            throw new UserFacingException(Problem.FAILED, "Cannot read the settings file " + file + ": " + e.getMessage(), e);
        }
    }
}
