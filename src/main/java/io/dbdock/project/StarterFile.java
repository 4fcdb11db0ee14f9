package io.dbdock.project;

import io.dbdock.engine.EngineSpec;
import io.dbdock.model.InstanceRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code dbdock.json} that {@code dbdock init} writes: from engines asked for, or from existing instances. */
public final class StarterFile {
    /** Where the schema is published; editors fetch it from "$schema" to complete and check the file. */
    public static final String SCHEMA_URL = "https://dbdock.io/dbdock.schema.json";

    private StarterFile() {
    }

    /** One wanted database: its key, engine, version (null: the newest) and port (null: the engine's usual one). */
    public record Wanted(String key, EngineSpec engine, String version, Integer port) {
    }

    public static Wanted of(EngineSpec engine) {
        return new Wanted(engine.id(), engine, null, null);
    }

    /** An existing instance as a database of the file: same engine, version and port (its data is not moved). */
    public static Wanted of(InstanceRecord r, EngineSpec engine) {
        String key = r.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[-_]+|[-_]+$", "");
        return new Wanted(key.isEmpty() ? engine.id() : key, engine, r.version(), r.port());
    }

    /** The file's content as a JSON value: the databases, and an env file with the variable each engine's tools read. */
    public static Map<String, Object> document(String project, List<Wanted> wanted) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", SCHEMA_URL);
        doc.put("project", project);
        Map<String, Object> databases = new LinkedHashMap<>();
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        for (Wanted w : wanted) {
            String key = w.key();
            for (int n = 2; keys.contains(key); n++) {
                key = w.key() + "-" + n;
            }
            keys.add(key);
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("engine", w.engine().id());
            db.put("version", w.version() != null ? w.version() : w.engine().defaultVersion());
            if (w.port() != null) {
                db.put("port", w.port());
            }
            databases.put(key, db);
            String var = usualVariable(w.engine());
            vars.put(vars.containsKey(var) ? key.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL" : var, "{" + key + ".uri}");
        }
        doc.put("databases", databases);
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("file", ProjectFileReader.DEFAULT_ENV_FILE);
        env.put("vars", vars);
        doc.put("env", env);
        return doc;
    }

    /** The variable frameworks look for first for this kind of database. */
    static String usualVariable(EngineSpec engine) {
        return switch (engine.id()) {
            case "redis", "valkey" -> "REDIS_URL";
            case "mongo" -> "MONGODB_URI";
            default -> "DATABASE_URL";
        };
    }
}
