package io.dbdock.instance;

import io.dbdock.store.AtomicFiles;
import io.dbdock.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last major-version upgrade of an instance, kept in its home folder so it can be rolled back. */
public final class Upgrades {
    private static final Logger LOG = LoggerFactory.getLogger(Upgrades.class);
    private static final String FILE = "upgrade.json";

    private Upgrades() {
    }

    /**
     * @param fromVersion the version before
     * @param oldLocation the storage it ran on before (kept)
     * @param toVersion   the version it was upgraded to
     * @param at          when
     * @param fromEngine  the engine before, when the upgrade switched engines (Redis to Valkey);
     *                    null for an upgrade within one engine (and in notes from before switches)
     */
    public record Upgrade(String fromVersion, String oldLocation, String toVersion, Instant at, String fromEngine) {
        /** The engine to go back to: the one before a switch, else the instance's own. */
        public String engineBefore(String current) {
            return fromEngine == null ? current : fromEngine;
        }
    }

    static void write(Path home, Upgrade upgrade) {
        try {
            AtomicFiles.write(home.resolve(FILE), Json.mapper().writeValueAsBytes(upgrade), null);
        } catch (IOException e) {
            LOG.warn("Could not note the upgrade in {}: {}", home, e.toString());
        }
    }

    static Optional<Upgrade> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), Upgrade.class));
        } catch (IOException e) {
            LOG.warn("Unreadable upgrade note {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    static void clear(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            LOG.warn("Could not remove the upgrade note in {}: {}", home, e.toString());
        }
    }
}
