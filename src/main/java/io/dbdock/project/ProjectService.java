package io.dbdock.project;

import io.dbdock.common.UserFacingException;
import io.dbdock.instance.ConnectionInfo;
import io.dbdock.instance.CreateRequest;
import io.dbdock.instance.InstanceService;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.model.ProjectMembership;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a project file real: {@code up} (create what is missing, start what is stopped, all at
 * once, then the env file), {@code down}, and what the project has now. Everything is checked
 * before the first change; every instance made here remembers its project
 * ({@link ProjectMembership}), so no other project's file can take it over.
 */
public final class ProjectService {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectService.class);

    private final InstanceService instances;

    public ProjectService(InstanceService instances) {
        this.instances = instances;
    }

    /** Hears how each database is getting on (from several threads at once). */
    public interface Progress {
        void update(String database, InstanceSnapshot snapshot);

        Progress NONE = (database, snapshot) -> { };
    }

    /** What {@code up} did for one database. */
    public enum Action {
        CREATED("created"), TOOK_BACK_DATA("created on the data kept from before"), STARTED("started"), ALREADY_UP("already up"),
        FAILED("failed");

        private final String words;

        Action(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * @param snapshot    the instance now (null when it could not be created)
     * @param initProblem an init file's failure (now or at its creation)
     * @param problem     why it could not be created or started, or null
     */
    public record Outcome(String database, Action action, InstanceSnapshot snapshot, String initProblem, String problem,
                          List<String> notes) {
        public boolean ok() {
            return problem == null && initProblem == null && snapshot != null && snapshot.state() == InstanceState.READY;
        }
    }

    /**
     * @param envFile    the env file written, or null when none was (nothing to write)
     * @param envChanged whether its text changed
     * @param notes      things the user should know (a value left out, a key also set by hand)
     */
    public record UpResult(List<Outcome> databases, Path envFile, boolean envChanged, List<String> notes) {
        public boolean ok() {
            return databases.stream().allMatch(Outcome::ok);
        }
    }

    /** One database of the file, with its instance if it has one, and what up will do. */
    private record Planned(ProjectFile.Database database, InstanceSnapshot existing, Integer port, boolean movePort) {
    }

    // ---- up ---------------------------------------------------------------------------------

    public UpResult up(ProjectFile project, Set<String> with, Progress progress) {
        List<Planned> plan = plan(project, with);
        LOG.info("Project {}: up for {}", project.project(), plan.stream().map(p -> p.database().key()).toList());
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, plan.size()), r -> {
            Thread t = new Thread(r, "dbdock-up");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Planned p : plan) {
                running.add(pool.submit(() -> bringUp(project, p, progress)));
            }
            for (int i = 0; i < running.size(); i++) {
                outcomes.add(result(plan.get(i), running.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> notes = new ArrayList<>();
        Map<String, InstanceRecord> up = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.snapshot() != null) {
                up.put(o.database(), o.snapshot().record());
            }
        }
        Map<String, String> values = envValues(project, up, notes, outcomes.stream().filter(o -> o.snapshot() == null)
                .map(Outcome::database).collect(java.util.stream.Collectors.toSet()));
        Path envFile = project.folder().resolve(project.env().file());
        boolean changed = false;
        if (!values.isEmpty()) {
            try {
                EnvFile.Written written = EnvFile.write(envFile, values);
                for (String twice : written.alsoOutside()) {
                    notes.add(twice + " is also set outside dbdock's lines in " + project.env().file()
                            + "; most tools take the first one, so remove your own line if you want dbdock's.");
                }
                changed = written.changed();
            } catch (IOException e) {
                notes.add("Could not write " + envFile + ": " + e.getMessage());
                envFile = null;
            }
        } else {
            envFile = null;
        }
        return new UpResult(outcomes, envFile, changed, notes);
    }

    private static Outcome result(Planned p, Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UserFacingException.failed("Interrupted while bringing the project up.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof UserFacingException u ? u.getMessage() : String.valueOf(cause);
            if (!(cause instanceof UserFacingException)) {
                LOG.error("Project database {} failed", p.database().key(), cause);
            }
            return new Outcome(p.database().key(), Action.FAILED, null, null, why, List.of());
        }
    }

    /** Checks what the file asks against what exists; refuses before any change when something is in the way. */
    private List<Planned> plan(ProjectFile project, Set<String> with) {
        List<String> problems = new ArrayList<>();
        for (String w : with) {
            if (project.database(w).isEmpty()) {
                problems.add("--with " + w + ": " + project.file().getFileName() + " has no database \"" + w + "\" (it has: "
                        + String.join(", ", project.databases().stream().map(ProjectFile.Database::key).toList()) + ")");
            }
        }
        List<InstanceSnapshot> now = instances.look();
        List<InstanceRecord> records = now.stream().map(InstanceSnapshot::record).toList();
        Set<Integer> strictPorts = new java.util.HashSet<>();
        project.databases().stream().filter(ProjectFile.Database::strict).forEach(d -> strictPorts.add(d.port()));
        List<Planned> plan = new ArrayList<>();
        for (ProjectFile.Database d : project.databases()) {
            String name = d.instanceName(project.project());
            String at = project.file().getFileName() + ": databases." + d.key() + ": ";
            InstanceRecord existing = member(records, project.project(), d.key()).orElse(null);
            if (existing == null) {
                Optional<InstanceRecord> sameName = records.stream()
                        .filter(r -> io.dbdock.instance.InputRules.slug(r.name()).equals(io.dbdock.instance.InputRules.slug(name)))
                        .findFirst();
                if (sameName.isPresent()) {
                    ProjectMembership other = sameName.get().project();
                    problems.add(at + "an instance named '" + sameName.get().name() + "' exists and is not this project's"
                            + (other == null ? "" : " (it is \"" + other.database() + "\" of project \"" + other.project() + "\")")
                            + ". Rename or delete that instance, or give this project another \"project\" name.");
                    continue;
                }
            }
            boolean wanted = !d.optional() || with.contains(d.key()) || existing != null
                    || instances.imageAvailable(d.engine(), d.version());
            if (!wanted) {
                continue;
            }
            String asked = d.engine().writtenId();
            if (existing != null && !existing.engineWithVariant().equals(asked)
                    && instances.catalog().switchFrom(d.engine().id()).filter(x -> x.to().equals(existing.engine())).isPresent()) {
                problems.add(at + "its instance '" + existing.name() + "' was switched to " + existing.engine() + " "
                        + existing.version() + "; write \"engine\": \"" + existing.engine() + "\" in the file, "
                        + "or roll the switch back.");
                continue;
            }
            if (existing != null && !existing.engineWithVariant().equals(asked)) {
                problems.add(at + "its instance '" + existing.name() + "' is " + existing.engineWithVariant() + " " + existing.version()
                        + ", the file asks for " + asked + ". Delete that instance (dbdock down --delete --delete-data) "
                        + "or give the database another name in the file.");
                continue;
            }
            Integer port = d.port();
            boolean move = false;
            if (d.strict()) {
                if (existing == null || existing.port() != d.port()) {
                    Optional<String> taken = instances.portProblem(d.port(), bindOf(d, existing));
                    if (taken.isPresent() && (existing == null || existing.port() != d.port())) {
                        problems.add(at + "port " + d.port() + " is not free: " + taken.get() + ". \"strict\" allows no other port; "
                                + "free it or drop \"strict\".");
                        continue;
                    }
                    move = existing != null;
                }
            } else if (port != null && strictPorts.contains(port)) {
                port = port + 1; // another database of this file has this port strictly: start looking above it
            }
            InstanceRecord found = existing;
            plan.add(new Planned(d, found == null ? null : now.stream().filter(x -> x.record().id().equals(found.id()))
                    .findFirst().orElseThrow(), port, move));
        }
        if (!problems.isEmpty()) {
            throw UserFacingException.conflict(String.join("\n", problems) + "\nNothing was changed.");
        }
        return plan;
    }

    private static String bindOf(ProjectFile.Database d, InstanceRecord existing) {
        return d.bind() != null ? d.bind() : existing != null ? existing.bindAddress() : "127.0.0.1";
    }

    private Outcome bringUp(ProjectFile project, Planned p, Progress progress) {
        ProjectFile.Database d = p.database();
        String folder = project.folder().toString();
        List<String> notes = new ArrayList<>();
        if (p.existing() == null) {
            ProjectMembership membership = new ProjectMembership(project.project(), d.key(), folder, null);
            CreateRequest request = new CreateRequest(d.engine().id(), d.version().version(), d.instanceName(project.project()),
                    p.port(), d.bind(), null, d.storage(), true, !d.strict() && p.port() != null, membership, d.engine().variantId(), null);
            InstanceService.Created created = instances.create(request, s -> progress.update(d.key(), s));
            InstanceSnapshot s = created.snapshot();
            if (created.reusedData()) {
                notes.add("took back the data kept from an earlier '" + s.name() + "' (its init files ran then, not again)");
                return new Outcome(d.key(), Action.TOOK_BACK_DATA, s, null, null, notes);
            }
            String initProblem = null;
            if (s.state() == InstanceState.READY) {
                for (ProjectFile.InitFile f : d.init()) {
                    progress.update(d.key(), new InstanceSnapshot(s.record(), s.state(), "running " + f.written(), -1));
                    Optional<String> failed = instances.runInitScript(s.name(), f.path(), f.written());
                    if (failed.isPresent()) {
                        initProblem = failed.get();
                        s = instances.setProject(s.name(), membership.withInitProblem(initProblem));
                        LOG.info("Project {}: init file {} of {} failed", project.project(), f.written(), d.key());
                        break;
                    }
                }
            }
            progress.update(d.key(), s);
            return new Outcome(d.key(), Action.CREATED, s, initProblem, null, notes);
        }
        InstanceRecord r = p.existing().record();
        String name = r.name();
        if (!folder.equals(r.project().folder())) {
            instances.setProject(name, r.project().withFolder(folder));
        }
        if (!r.version().equals(d.version().version())) {
            notes.add("is " + r.engine() + " " + r.version() + "; the file now asks for " + d.version().version()
                    + " (an instance keeps its version: dbdock upgrade " + quoted(name) + " --to " + d.version().version() + ")");
        }
        InstanceSnapshot now = p.existing();
        if (p.movePort()) {
            now = instances.reassignPort(name, d.port(), true);
        }
        Action action = Action.ALREADY_UP;
        if (now.state() != InstanceState.READY) {
            progress.update(d.key(), now);
            now = instances.start(name, true);
            action = Action.STARTED;
        }
        progress.update(d.key(), now);
        return new Outcome(d.key(), action, now, r.project().initProblem(), null, notes);
    }

    private static String quoted(String name) {
        return name.contains(" ") ? "\"" + name + "\"" : name;
    }

    // ---- env, down, what the project has ----------------------------------------------------

    /**
     * The env file's values for the databases that have an instance; a value that needs one that
     * has none (an optional database not brought up) is left out, with a note.
     */
    private Map<String, String> envValues(ProjectFile project, Map<String, InstanceRecord> up, List<String> notes, Set<String> failed) {
        Map<String, ConnectionInfo> connections = new LinkedHashMap<>();
        up.forEach((key, r) -> connections.put(key, instances.connection(r)));
        Map<String, String> values = new LinkedHashMap<>();
        project.env().vars().forEach((name, template) -> {
            List<String> missing = EnvTemplate.databasesIn(template).stream().filter(db -> !connections.containsKey(db)).toList();
            if (missing.isEmpty()) {
                values.put(name, EnvTemplate.expand(template, connections::get));
            } else if (!failed.containsAll(missing)) { // a failed database has its own message already
                notes.add(name + " is left out: " + String.join(", ", missing) + " is not up"
                        + (project.database(missing.get(0)).map(ProjectFile.Database::optional).orElse(false)
                        ? " (it is optional: dbdock up --with " + missing.get(0) + ")" : "") + ".");
            }
        });
        return values;
    }

    /** The env lines for the project's instances as they are now ({@code dbdock env}); notes say what is left out. */
    public Map<String, String> env(ProjectFile project, List<String> notes) {
        Map<String, InstanceRecord> up = new LinkedHashMap<>();
        List<InstanceRecord> records = records();
        for (ProjectFile.Database d : project.databases()) {
            member(records, project.project(), d.key()).ifPresent(r -> up.put(d.key(), r));
        }
        return envValues(project, up, notes, Set.of());
    }

    /** The project's instances now, by database key, in the file's order (then any the file no longer names). */
    public Map<String, InstanceSnapshot> members(ProjectFile project) {
        Map<String, InstanceSnapshot> result = new LinkedHashMap<>();
        List<InstanceSnapshot> all = instances.look();
        for (ProjectFile.Database d : project.databases()) {
            all.stream().filter(s -> s.record().project() != null && s.record().project().belongsTo(project.project(), d.key()))
                    .findFirst().ifPresent(s -> result.put(d.key(), s));
        }
        all.stream().filter(s -> s.record().project() != null && s.record().project().project().equals(project.project()))
                .forEach(s -> result.putIfAbsent(s.record().project().database(), s));
        return result;
    }

    /**
     * Stops the project's instances, or deletes them ({@code delete}), their data only with
     * {@code deleteData}; returns one line per instance saying what happened.
     */
    public List<String> down(ProjectFile project, boolean delete, boolean deleteData) {
        return down(project.project(), members(project).values(), delete, deleteData);
    }

    /** As {@link #down(ProjectFile, boolean, boolean)} by the project's name (its file may be gone or broken). */
    public List<String> down(String project, boolean delete, boolean deleteData) {
        List<InstanceSnapshot> members = instances.look().stream()
                .filter(s -> s.record().project() != null && s.record().project().project().equals(project)).toList();
        return down(project, members, delete, deleteData);
    }

    private List<String> down(String project, java.util.Collection<InstanceSnapshot> members, boolean delete, boolean deleteData) {
        List<String> done = new ArrayList<>();
        for (InstanceSnapshot s : members) {
            String name = s.name();
            if (delete) {
                Optional<String> kept = instances.delete(name, deleteData);
                done.add(kept.map(k -> "Deleted " + name + "; its data is kept at " + k + " (the next dbdock up takes it back).")
                        .orElse("Deleted " + name + " and its data."));
            } else if (s.state().isRunning()) {
                instances.stop(name);
                done.add("Stopped " + name + ".");
            } else {
                done.add(name + " was not running.");
            }
        }
        LOG.info("Project {}: down ({})", project, delete ? deleteData ? "deleted with data" : "deleted" : "stopped");
        return done;
    }

    private List<InstanceRecord> records() {
        return instances.look().stream().map(InstanceSnapshot::record).toList();
    }

    private static Optional<InstanceRecord> member(List<InstanceRecord> records, String project, String key) {
        return records.stream().filter(r -> r.project() != null && r.project().belongsTo(project, key)).findFirst();
    }
}
