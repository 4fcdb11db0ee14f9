package io.dbdock.cli;

import io.dbdock.common.Json;
import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineSpec;
import io.dbdock.instance.InputRules;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import io.dbdock.model.InstanceRecord;
import io.dbdock.project.EnvFile;
import io.dbdock.project.ProjectFile;
import io.dbdock.project.ProjectFileException;
import io.dbdock.project.ProjectFileReader;
import io.dbdock.project.ProjectService;
import io.dbdock.project.StarterFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** up, down, ps, env and init: a project's dbdock.json made real. */
final class ProjectCommands {
    private ProjectCommands() {
    }

    /** --file, and where a command looks when it is not given: this folder, then each folder above it (as git does). */
    static Path projectFile(Path given) {
        if (given != null) {
            return ProjectFileReader.locate(given);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ProjectFile.NAME))) {
                return dir.resolve(ProjectFile.NAME);
            }
        }
        return here.resolve(ProjectFile.NAME);
    }

    /** --file, shared by the commands that read a project file. */
    static final class FileOption {
        @Option(names = "--file", paramLabel = "FILE", description = "The project file, or its folder (default: dbdock.json here or in a folder above)")
        Path file;

        /** The file, read and checked; its problems end the command with exit 2, one line each ({@link ProjectFileException}). */
        ProjectFile read(CliContext ctx) {
            return new ProjectFileReader(ctx.catalog()).read(projectFile(file));
        }
    }

    /** As `dbdock list` shows it: a tunnel's port where one carries the instance. */
    static String address(CliContext ctx, InstanceRecord r) {
        return ctx.service().address(r);
    }

    @Command(name = "up",
            footerHeading = "%nExamples:%n", footer = {"  dbdock up", "  dbdock up --with search", "  dbdock up --file ../shop/dbdock.json"},
            description = "Create and start the databases a project's dbdock.json declares, wait until all are Ready, "
                    + "and write their connection details into the project's env file.")
    static final class Up implements Callable<Integer> {
        private final CliContext ctx;
        @picocli.CommandLine.Mixin
        FileOption file = new FileOption();
        @Option(names = "--with", paramLabel = "NAME", split = ",", description = "Also the optional databases named (comma-separated or repeated)")
        List<String> with = new ArrayList<>();

        Up(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ProjectFile project = file.read(ctx);
            ProjectService.UpResult result = ctx.projects().up(project, new LinkedHashSet<>(with), new ProgressLines(ctx));
            Table table = new Table("DATABASE", "INSTANCE", "ENGINE", "STATE", "ADDRESS", "");
            for (ProjectService.Outcome o : result.databases()) {
                if (o.snapshot() == null) {
                    table.row(o.database(), "-", "-", "Failed", "-", "");
                    continue;
                }
                InstanceRecord r = o.snapshot().record();
                ProjectFile.Database d = project.database(o.database()).orElseThrow();
                String moved = d.port() != null && d.port() != r.port() && o.action() == ProjectService.Action.CREATED
                        ? " (" + d.port() + " was taken)" : "";
                table.row(o.database(), r.name(), r.engineWithVariant() + " " + r.version(), o.snapshot().state().label(), address(ctx, r),
                        o.action().words() + moved);
            }
            table.print(ctx.out());
            for (ProjectService.Outcome o : result.databases()) {
                o.notes().forEach(n -> ctx.terminal().err().println(o.database() + ": " + n));
                if (o.problem() != null) {
                    ctx.terminal().err().println("dbdock: " + o.database() + ": " + o.problem());
                } else if (o.snapshot() != null && o.snapshot().state() != InstanceState.READY) {
                    ctx.terminal().err().println("dbdock: " + o.database() + " is " + o.snapshot().state().label()
                            + (o.snapshot().detail().isEmpty() ? "" : ": " + o.snapshot().detail())
                            + ". See dbdock logs " + o.snapshot().name() + ".");
                }
                if (o.initProblem() != null) {
                    ctx.terminal().err().println("dbdock: " + o.database() + ": init file " + o.initProblem());
                    ctx.terminal().err().println("  The instance was created; its init files do not run again. Fix the file, then "
                            + "dbdock down --delete --delete-data and dbdock up to start over.");
                }
            }
            result.notes().forEach(n -> ctx.terminal().err().println(n));
            if (result.envFile() != null) {
                Path shown = project.folder().relativize(result.envFile());
                ctx.out().println((result.envChanged() ? "Wrote " : "Unchanged: ") + shown + " ("
                        + String.join(", ", project.env().vars().keySet()) + ")");
            }
            if (result.ok()) {
                return 0;
            }
            boolean initFailed = result.databases().stream().anyMatch(o -> o.initProblem() != null || o.problem() != null);
            return initFailed ? Problem.FAILED.exitCode() : Problem.NOT_READY.exitCode();
        }
    }

    /** One line per database each time its state changes (several databases come up at once). */
    private static final class ProgressLines implements ProjectService.Progress {
        private final CliContext ctx;
        private final Map<String, String> last = new LinkedHashMap<>();

        ProgressLines(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public synchronized void update(String database, InstanceSnapshot s) {
            String line = switch (s.state()) {
                case PULLING -> "pulling " + s.detail();
                case READY -> s.detail().startsWith("running ") ? s.detail() : "Ready on " + address(ctx, s.record());
                default -> s.state().label().toLowerCase(java.util.Locale.ROOT) + (s.detail().isEmpty() ? "" : ": " + s.detail());
            };
            if (!line.equals(last.put(database, line))) {
                ctx.terminal().err().println("  " + database + ": " + line);
            }
        }
    }

    @Command(name = "down",
            footerHeading = "%nExamples:%n", footer = {"  dbdock down", "  dbdock down --delete              data kept (the next up takes it back)",
                    "  dbdock down --delete-data --yes"},
            description = "Stop a project's databases; with --delete remove them (their data is kept unless --delete-data).")
    static final class Down implements Callable<Integer> {
        private final CliContext ctx;
        @picocli.CommandLine.Mixin
        FileOption file = new FileOption();
        @Option(names = "--delete", description = "Remove the instances (their data is kept)")
        boolean delete;
        @Option(names = "--delete-data", description = "Remove the instances and their data (asks first; cannot be undone)")
        boolean deleteData;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation")
        boolean yes;

        Down(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ProjectFile project = file.read(ctx);
            Map<String, InstanceSnapshot> members = ctx.projects().members(project);
            if (members.isEmpty()) {
                ctx.out().println("Project " + project.project() + " has no databases yet (dbdock up makes them).");
                return 0;
            }
            if (deleteData && !yes) {
                String names = String.join(", ", members.values().stream().map(InstanceSnapshot::name).toList());
                if (!ctx.terminal().confirm("Delete " + names + " AND their data? This cannot be undone.")) {
                    ctx.terminal().err().println("Nothing was deleted.");
                    return Cli.NOT_CONFIRMED;
                }
            }
            ctx.projects().down(project, delete || deleteData, deleteData).forEach(l -> ctx.out().println(l));
            return 0;
        }
    }

    @Command(name = "ps",
            footerHeading = "%nExamples:%n", footer = {"  dbdock ps", "  dbdock ps --json"},
            description = "List a project's databases with their state (the project of dbdock.json here or above).")
    static final class Ps implements Callable<Integer> {
        private final CliContext ctx;
        @picocli.CommandLine.Mixin
        FileOption file = new FileOption();
        @Option(names = "--json", description = "Print JSON")
        boolean json;

        Ps(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            ProjectFile project = file.read(ctx);
            Map<String, InstanceSnapshot> members = ctx.projects().members(project);
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ProjectFile.Database d : project.databases()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("database", d.key());
                    InstanceSnapshot s = members.get(d.key());
                    row.put("instance", s == null ? null : InstanceView.of(s, InputRules.clientHost(s.record().bindAddress())));
                    rows.add(row);
                }
                ctx.out().println(Json.mapper().writeValueAsString(rows));
                return 0;
            }
            Table table = new Table("DATABASE", "INSTANCE", "ENGINE", "STATE", "ADDRESS");
            for (ProjectFile.Database d : project.databases()) {
                InstanceSnapshot s = members.get(d.key());
                if (s == null) {
                    table.row(d.key(), "-", d.engine().id() + " " + d.version().version(), d.optional() ? "not created (optional)"
                            : "not created", "-");
                } else {
                    InstanceRecord r = s.record();
                    table.row(d.key(), r.name(), r.engineWithVariant() + " " + r.version(), s.state().label(), address(ctx, r));
                }
            }
            members.forEach((key, s) -> {
                if (project.database(key).isEmpty()) {
                    table.row(key, s.name(), s.record().engineWithVariant() + " " + s.record().version(), s.state().label() + " (no longer in the file)",
                            address(ctx, s.record()));
                }
            });
            table.print(ctx.out());
            members.values().stream().filter(s -> s.record().project().initProblem() != null).forEach(s ->
                    ctx.terminal().err().println(s.record().project().database() + ": init file " + s.record().project().initProblem()));
            return 0;
        }
    }

    @Command(name = "env",
            footerHeading = "%nExamples:%n", footer = {"  dbdock env", "  dbdock env > .env.local"},
            description = "Print the env lines dbdock up writes for a project, without writing them.")
    static final class Env implements Callable<Integer> {
        private final CliContext ctx;
        @picocli.CommandLine.Mixin
        FileOption file = new FileOption();

        Env(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ProjectFile project = file.read(ctx);
            List<String> notes = new ArrayList<>();
            Map<String, String> values = ctx.projects().env(project, notes);
            EnvFile.lines(values).forEach(l -> ctx.out().println(l));
            notes.forEach(n -> ctx.terminal().err().println(n));
            return 0;
        }
    }

    @Command(name = "init",
            footerHeading = "%nExamples:%n", footer = {"  dbdock init                        asks which databases", "  dbdock init --engine postgres --engine redis",
                    "  dbdock init app cache              from existing instances"},
            description = "Write a starter dbdock.json in this folder: from the engines given, from existing instances, or by asking.")
    static final class Init implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "INSTANCE", arity = "0..*", description = "Existing instances to declare (same engine, version and port)")
        List<String> instances = new ArrayList<>();
        @Option(names = "--engine", paramLabel = "ENGINE", split = ",", description = "Engines to declare: postgres, mysql, mariadb, mongo, redis, valkey")
        List<String> engines = new ArrayList<>();
        @Option(names = "--project", paramLabel = "NAME", description = "The project's name (default: this folder's name)")
        String name;
        @Option(names = "--file", paramLabel = "FILE", description = "Where to write it (default: dbdock.json in this folder)")
        Path file;

        Init(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() throws Exception {
            Path target = file != null ? ProjectFileReader.locate(file) : Path.of("").toAbsolutePath().resolve(ProjectFile.NAME);
            target = target.toAbsolutePath();
            if (Files.exists(target)) {
                throw UserFacingException.conflict(target + " already exists; dbdock init never overwrites it. Edit it, or remove it first.");
            }
            List<StarterFile.Wanted> wanted = new ArrayList<>();
            if (engines.isEmpty() && instances.isEmpty()) {
                String answer = ctx.terminal().ask("Which databases does this project need? ("
                        + String.join(", ", ctx.catalog().all().stream().map(EngineSpec::id).toList()) + ")", "postgres");
                engines = List.of(answer.split("[\\s,]+"));
            }
            for (String e : engines) {
                EngineSpec engine = ctx.catalog().find(e).orElseThrow(() -> UserFacingException.invalid("'" + e + "' is not an engine dbdock offers ("
                        + String.join(", ", ctx.catalog().all().stream().map(EngineSpec::id).toList()) + ")."
                        + io.dbdock.common.Suggestions.didYouMean(e, ctx.catalog().all().stream().map(EngineSpec::id).toList())));
                wanted.add(StarterFile.of(engine));
            }
            for (String i : instances) {
                InstanceRecord r = ctx.service().find(i);
                wanted.add(StarterFile.of(r, ctx.service().engine(r)));
            }
            String project = name != null ? name : ProjectFileReader.fromFolderName(target.getParent().getFileName() == null ? ""
                    : target.getParent().getFileName().toString());
            Map<String, Object> doc = StarterFile.document(project, wanted);
            // "key": value, as people write JSON by hand (Jackson's default puts a space before the colon too).
            var printer = new com.fasterxml.jackson.core.util.DefaultPrettyPrinter().withSeparators(
                    com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
            String text = Json.mapper().writer(printer).writeValueAsString(doc) + "\n";
            Files.writeString(target, text, java.nio.file.StandardOpenOption.CREATE_NEW);
            try {
                new ProjectFileReader(ctx.catalog()).read(target);
            } catch (ProjectFileException e) {
                Files.delete(target); // what init writes must be valid: a name given may not be
                throw e;
            }
            ctx.out().println("Wrote " + target + " with " + String.join(", ", wanted.stream().map(w -> w.engine().id()).toList())
                    + ". Run dbdock up to make them real.");
            if (!instances.isEmpty()) {
                ctx.out().println("dbdock up creates new instances for the project (named " + project + "-...); the ones given keep their data.");
            }
            return 0;
        }
    }
}
