package io.dbdock.project;

import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.model.StorageKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's {@code dbdock.json}, read and checked: the databases the project needs and the env
 * file that tells the project's code how to reach them. Everything here is already valid; see
 * {@link ProjectFileReader} for the rules.
 *
 * @param file      the file itself
 * @param project   the project's name (the file's "project", else the folder's name)
 * @param databases in the file's order
 */
public record ProjectFile(Path file, String project, List<Database> databases, Env env) {
    /** The file every project command looks for in the current folder. */
    public static final String NAME = "dbdock.json";

    public ProjectFile {
        databases = List.copyOf(databases);
    }

    public Path folder() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<Database> database(String key) {
        return databases.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    /**
     * One database of the project.
     *
     * @param key      its name in the file ("main")
     * @param version  the version its wish resolved to in today's catalog (used only when it is created)
     * @param port     the port it prefers, or null for the engine's usual one
     * @param strict   whether that port and no other will do
     * @param storage  null for the platform's default
     * @param bind     the host address, or null for 127.0.0.1
     */
    public record Database(String key, EngineSpec engine, EngineVersion version, Integer port, boolean strict,
                           List<InitFile> init, boolean optional, StorageKind storage, String bind) {
        public Database {
            init = List.copyOf(init);
        }

        /** The instance's name: scoped to the project, so two projects' "main" never clash. */
        public String instanceName(String project) {
            return project + "-" + key;
        }
    }

    /** An init file as the project file writes it, and where it is. */
    public record InitFile(String written, Path path) {
    }

    /**
     * The env file dbdock keeps up to date.
     *
     * @param file the path relative to the project's folder
     * @param vars variable name to template ("{main.uri}"), in the file's order
     */
    public record Env(String file, Map<String, String> vars) {
        public Env {
            vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        }
    }
}
