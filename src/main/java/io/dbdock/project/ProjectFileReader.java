package io.dbdock.project;

import com.fasterxml.jackson.core.JsonParseException;
import io.dbdock.common.JsonValues;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.ScriptRunner;
import io.dbdock.instance.InputRules;
import io.dbdock.model.StorageKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code dbdock.json} and checks all of it before anything happens: every problem is
 * reported at once, as "file: key.path: what is expected", and a file with any problem is
 * refused whole ({@link ProjectFileException}). The rules match {@code docs/dbdock.schema.json},
 * and go further where only dbdock knows the answer (the catalog's versions, the init files).
 */
public final class ProjectFileReader {
    /** Names that become part of instance names and env variables: no spaces. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> TOP_KEYS = List.of("$schema", "project", "databases", "env");
    private static final List<String> DATABASE_KEYS = List.of("engine", "extensions", "version", "port", "strict", "init", "optional", "storage", "bind");
    private static final List<String> ENV_KEYS = List.of("file", "vars");
    /** The env file when the project file names none. */
    static final String DEFAULT_ENV_FILE = ".env";

    private final EngineCatalog catalog;

    public ProjectFileReader(EngineCatalog catalog) {
        this.catalog = catalog;
    }

    /** The project file in a folder, or the file itself when {@code path} names one. */
    public static Path locate(Path path) {
        return Files.isDirectory(path) ? path.resolve(ProjectFile.NAME) : path;
    }

    public ProjectFile read(Path path) {
        Path file = locate(path).toAbsolutePath().normalize();
        String shown = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ProjectFileException(List.of("There is no " + ProjectFile.NAME + " in " + file.getParent()
                    + ". Write one (dbdock init makes a starter) or give the file with --file."));
        } catch (IOException e) {
            throw new ProjectFileException(List.of(shown + ": cannot be read (" + e.getMessage() + ")."));
        }
        Object document;
        try {
            document = JsonValues.parseStrict(bytes);
        } catch (JsonParseException e) {
            String what = e.getOriginalMessage().split("\n")[0];
            throw new ProjectFileException(List.of(shown + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + what));
        } catch (IOException e) {
            throw new ProjectFileException(List.of(shown + ": cannot be read (" + e.getMessage() + ")."));
        }
        return new Check(file, shown).project(document);
    }

    /** One reading: the problems found so far, each naming the file and the key. */
    private final class Check {
        private final Path file;
        private final String shown;
        private final List<String> problems = new ArrayList<>();

        Check(Path file, String shown) {
            this.file = file;
            this.shown = shown;
        }

        private void problem(String path, String what) {
            problems.add(shown + ": " + (path.isEmpty() ? "" : path + ": ") + what);
        }

        ProjectFile project(Object document) {
            if (!(document instanceof Map<?, ?> top)) {
                problem("", "should hold a JSON object with \"databases\" (see dbdock init for a starter)");
                throw new ProjectFileException(problems);
            }
            unknownKeys("", top, TOP_KEYS);
            String project = projectName(top.get("project"));
            List<ProjectFile.Database> databases = databases(top.get("databases"), project);
            ProjectFile.Env env = env(top.get("env"), databases);
            strictPorts(databases);
            if (!problems.isEmpty()) {
                throw new ProjectFileException(problems);
            }
            return new ProjectFile(file, project, databases, env);
        }

        private void unknownKeys(String path, Map<?, ?> object, List<String> known) {
            for (Object key : object.keySet()) {
                if (!known.contains(key)) {
                    String hint = io.dbdock.common.Suggestions.didYouMean((String) key, known);
                    problem(join(path, (String) key), "is not a setting dbdock knows (it knows: " + String.join(", ", known) + ")."
                            + hint);
                }
            }
        }

        private String projectName(Object value) {
            if (value == null) {
                String fromFolder = fromFolderName(file.getParent().getFileName() == null ? "" : file.getParent().getFileName().toString());
                return fromFolder;
            }
            if (!(value instanceof String name)) {
                problem("project", "should be text: the project's name, e.g. \"shop\"");
                return "project";
            }
            if (!NAME.matcher(name).matches()) {
                problem("project", "\"" + name + "\" is not a valid name: use up to 40 letters, digits, - and _, "
                        + "starting with a letter or digit");
            }
            return name;
        }

        private List<ProjectFile.Database> databases(Object value, String project) {
            List<ProjectFile.Database> result = new ArrayList<>();
            if (value == null) {
                problem("databases", "is missing: say which databases the project needs, e.g. "
                        + "\"databases\": {\"main\": {\"engine\": \"postgres\"}}");
                return result;
            }
            if (!(value instanceof Map<?, ?> all) || all.isEmpty()) {
                problem("databases", "should be an object with at least one database, e.g. {\"main\": {\"engine\": \"postgres\"}}");
                return result;
            }
            for (Map.Entry<?, ?> e : all.entrySet()) {
                String key = (String) e.getKey();
                String path = "databases." + key;
                if (!NAME.matcher(key).matches()) {
                    problem(path, "\"" + key + "\" is not a valid database name: use up to 40 letters, digits, - and _, "
                            + "starting with a letter or digit");
                    continue;
                }
                String nameProblem = InputRules.nameProblem(project + "-" + key);
                if (nameProblem != null) {
                    problem(path, "the instance name \"" + project + "-" + key + "\" is not valid: " + nameProblem);
                    continue;
                }
                if (!(e.getValue() instanceof Map<?, ?> db)) {
                    problem(path, "should be an object with at least \"engine\", e.g. {\"engine\": \"postgres\"}");
                    continue;
                }
                ProjectFile.Database d = database(path, key, db);
                if (d != null) {
                    result.add(d);
                }
            }
            return result;
        }

        private ProjectFile.Database database(String path, String key, Map<?, ?> db) {
            unknownKeys(path, db, DATABASE_KEYS);
            int before = problems.size();
            List<String> engineIds = catalog.all().stream().map(EngineSpec::id).toList();
            EngineSpec engine = null;
            Object engineValue = db.get("engine");
            if (engineValue == null) {
                problem(path + ".engine", "is missing: one of " + String.join(", ", engineIds));
            } else if (!(engineValue instanceof String id)) {
                problem(path + ".engine", "should be text: one of " + String.join(", ", engineIds));
            } else {
                engine = catalog.find(id).orElse(null);
                if (engine == null) {
                    problem(path + ".engine", "\"" + id + "\" is not an engine dbdock offers (it offers: "
                            + String.join(", ", engineIds) + ")." + io.dbdock.common.Suggestions.didYouMean(id, engineIds));
                }
            }
            engine = engine == null ? null : withExtensions(path + ".extensions", engine, db.get("extensions"));
            EngineVersion version = engine == null ? null : version(path + ".version", engine, db.get("version"));
            Integer port = port(path + ".port", db.get("port"));
            boolean strict = bool(path + ".strict", db.get("strict"));
            if (strict && db.get("port") == null) {
                problem(path + ".strict", "needs a \"port\": strict means that port and no other");
            }
            boolean optional = bool(path + ".optional", db.get("optional"));
            StorageKind storage = storage(path + ".storage", db.get("storage"));
            String bind = bind(path + ".bind", db.get("bind"));
            List<ProjectFile.InitFile> init = init(path + ".init", engine, db.get("init"));
            if (problems.size() > before || engine == null || version == null) {
                return null;
            }
            return new ProjectFile.Database(key, engine, version, port, strict, init, optional, storage, bind);
        }

        /** The engine with the variant whose image has the extensions listed (["pgvector"]), or null after a problem. */
        private EngineSpec withExtensions(String path, EngineSpec engine, Object value) {
            if (value == null) {
                return engine;
            }
            if (!(value instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
                problem(path, "should be a list of names, such as [\"pgvector\"]");
                return null;
            }
            // The same rule and words as `dbdock create --variant`.
            try {
                return InputRules.engineFor(catalog, engine.id(), String.join(",", list.stream().map(String.class::cast).toList()));
            } catch (io.dbdock.common.UserFacingException e) {
                problem(path, e.getMessage());
                return null;
            }
        }

        private EngineVersion version(String path, EngineSpec engine, Object value) {
            String offered = String.join(", ", engine.versions().stream().map(EngineVersion::version).toList());
            if (value == null) {
                return engine.defaultEngineVersion();
            }
            if (!(value instanceof String wish)) {
                problem(path, "should be text, such as \"" + engine.defaultVersion() + "\" (offered: " + offered + ")");
                return null;
            }
            return engine.versionFor(wish).orElseGet(() -> {
                problem(path, "\"" + wish + "\" matches no " + (engine.variant() == null ? engine.id() : engine.shortName())
                        + " version dbdock offers (" + offered
                        + "); write one of those, a major such as \"" + engine.defaultVersion().split("\\.")[0]
                        + "\", or leave it out for the newest");
                return null;
            });
        }

        private Integer port(String path, Object value) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof Integer port)) {
                problem(path, "should be a whole number from " + InputRules.LOWEST_PORT + " to 65535, without quotes");
                return null;
            }
            String why = InputRules.portProblem(port);
            if (why != null) {
                problem(path, why);
                return null;
            }
            return port;
        }

        private boolean bool(String path, Object value) {
            if (value == null) {
                return false;
            }
            if (!(value instanceof Boolean b)) {
                problem(path, "should be true or false, without quotes");
                return false;
            }
            return b;
        }

        private StorageKind storage(String path, Object value) {
            if (value == null) {
                return null;
            }
            for (StorageKind k : StorageKind.values()) {
                if (k.id().equals(value)) {
                    return k;
                }
            }
            problem(path, (value instanceof String s ? "\"" + s + "\"" : "this") + " is not a storage kind: use \"folder\" or \"volume\"");
            return null;
        }

        private String bind(String path, Object value) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof String address)) {
                problem(path, "should be text: an IP address of this computer, such as \"127.0.0.1\"");
                return null;
            }
            String why = InputRules.bindAddressProblem(address);
            if (why != null) {
                problem(path, why);
            }
            return address;
        }

        private List<ProjectFile.InitFile> init(String path, EngineSpec engine, Object value) {
            List<ProjectFile.InitFile> files = new ArrayList<>();
            if (value == null) {
                return files;
            }
            if (!(value instanceof List<?> list)) {
                problem(path, "should be a list of files, e.g. [\"db/schema.sql\"]");
                return files;
            }
            Path folder = file.getParent();
            for (int i = 0; i < list.size(); i++) {
                String at = path + "[" + i + "]";
                if (!(list.get(i) instanceof String written) || written.isBlank()) {
                    problem(at, "should be a file's path, relative to the project's folder");
                    continue;
                }
                Path p;
                try {
                    p = Path.of(written);
                } catch (java.nio.file.InvalidPathException e) {
                    problem(at, "\"" + written + "\" is not a valid path");
                    continue;
                }
                if (p.isAbsolute()) {
                    problem(at, "\"" + written + "\" should be relative to the project's folder, so that the file works in every checkout");
                    continue;
                }
                Path resolved = folder.resolve(p).normalize();
                if (!Files.isRegularFile(resolved)) {
                    problem(at, "there is no file " + written + " in " + folder);
                    continue;
                }
                ScriptRunner runner = engine == null ? null : engine.scriptRunner();
                if (runner != null && !runner.takes(written)) {
                    problem(at, engine.displayName() + " runs " + runner.describeExtensions() + " as an init file, not " + written);
                    continue;
                }
                files.add(new ProjectFile.InitFile(written, resolved));
            }
            return files;
        }

        private ProjectFile.Env env(Object value, List<ProjectFile.Database> databases) {
            Map<String, String> vars = new LinkedHashMap<>();
            if (value == null) {
                // No "env": one <KEY>_URL per database, e.g. MAIN_URL.
                for (ProjectFile.Database d : databases) {
                    vars.put(d.key().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL", "{" + d.key() + ".uri}");
                }
                return new ProjectFile.Env(DEFAULT_ENV_FILE, vars);
            }
            if (!(value instanceof Map<?, ?> env)) {
                problem("env", "should be an object such as {\"file\": \".env\", \"vars\": {\"DATABASE_URL\": \"{main.uri}\"}}");
                return new ProjectFile.Env(DEFAULT_ENV_FILE, vars);
            }
            unknownKeys("env", env, ENV_KEYS);
            String envFile = DEFAULT_ENV_FILE;
            Object fileValue = env.get("file");
            if (fileValue != null) {
                if (!(fileValue instanceof String f) || f.isBlank()) {
                    problem("env.file", "should be a file's path relative to the project's folder, such as \".env\"");
                } else if (Path.of(f).isAbsolute() || !file.getParent().resolve(f).normalize().startsWith(file.getParent())) {
                    problem("env.file", "\"" + f + "\" should be inside the project's folder");
                } else {
                    envFile = f;
                }
            }
            Object varsValue = env.get("vars");
            if (varsValue != null && !(varsValue instanceof Map)) {
                problem("env.vars", "should be an object of variable names and values, e.g. {\"DATABASE_URL\": \"{main.uri}\"}");
            } else if (varsValue instanceof Map<?, ?> given) {
                Set<String> keys = new java.util.LinkedHashSet<>();
                databases.forEach(d -> keys.add(d.key()));
                Map<String, EngineSpec> engines = new LinkedHashMap<>();
                databases.forEach(d -> engines.put(d.key(), d.engine()));
                for (Map.Entry<?, ?> v : given.entrySet()) {
                    String name = (String) v.getKey();
                    String at = "env.vars." + name;
                    if (!ENV_NAME.matcher(name).matches()) {
                        problem(at, "\"" + name + "\" is not a variable name: letters, digits and _, not starting with a digit");
                    } else if (!(v.getValue() instanceof String template)) {
                        problem(at, "should be text, such as \"{main.uri}\"");
                    } else {
                        // A database the file names but that has a problem of its own is reported there, not here.
                        EnvTemplate.problems(template, keys, db -> engines.get(db).formats().jdbc() != null)
                                .stream().filter(p -> !p.contains("names no database") || !namedWithProblem(template))
                                .forEach(p -> problem(at, p));
                        vars.put(name, template);
                    }
                }
            }
            return new ProjectFile.Env(envFile, vars);
        }

        /** Whether a template names a database whose own entry has a problem (so it is not in the list). */
        private boolean namedWithProblem(String template) {
            return problems.stream().anyMatch(p -> EnvTemplate.databasesIn(template).stream()
                    .anyMatch(db -> p.startsWith(shown + ": databases." + db + ".") || p.startsWith(shown + ": databases." + db + ":")));
        }

        private void strictPorts(List<ProjectFile.Database> databases) {
            Map<Integer, String> strictBy = new LinkedHashMap<>();
            for (ProjectFile.Database d : databases) {
                if (d.strict() && d.port() != null) {
                    String other = strictBy.putIfAbsent(d.port(), d.key());
                    if (other != null) {
                        problem("databases." + d.key() + ".port", "port " + d.port() + " is also the strict port of \"" + other
                                + "\": two databases cannot both have it");
                    }
                }
            }
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    /** A project name from a folder's name: lower case, anything else than letters, digits, - and _ as -. */
    public static String fromFolderName(String folder) {
        String name = folder.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[-_]+|[-_]+$", "");
        if (name.length() > 40) {
            name = name.substring(0, 40).replaceAll("[-_]+$", "");
        }
        return name.isEmpty() ? "project" : name;
    }
}
