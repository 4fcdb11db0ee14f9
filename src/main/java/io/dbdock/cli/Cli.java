package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import java.lang.reflect.Constructor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs one `dbdock` command line and returns its exit code. */
public final class Cli {
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    static {
        // picocli otherwise looks for Groovy at its first command line: a class that is not there,
        // so the class loader opens and searches the whole jar (28,000 entries, ~8 ms of every command).
        System.setProperty("picocli.disable.closures", "true");
        // No option takes a JDBC type: their converters would load the java.sql module at every command.
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*");
    }

    private Cli() {
    }

    public static int run(DataRoot root, Terminal terminal, String... args) {
        return run(new CliContext(root, terminal), args);
    }

    /** On a given core wiring (tests run commands against an in-memory engine). */
    public static int run(io.dbdock.app.Core.Wiring wiring, Terminal terminal, String... args) {
        return run(new CliContext(wiring.root(), wiring, terminal), args);
    }

    private static int run(CliContext context, String... args) {
        try (context) {
            CommandLine cli = commandLine(context, firstWord(args));
            return cli.execute(args);
        }
    }

    /** The command's word: the first argument after the engine options that may come before it ({@code --context box list}). */
    static String firstWord(String... args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--context")) {
                i++;
            } else if (!args[i].startsWith("--context=") && !args[i].equals("--insecure-tcp")) {
                return args[i];
            }
        }
        return null;
    }

    /** The exit code when the user answers No (or nothing) to "are you sure": nothing was done, which is not success. */
    static final int NOT_CONFIRMED = Problem.FAILED.exitCode();

    /** The whole command tree (help, completion and tests walk it). */
    static CommandLine commandLine(CliContext context) {
        return commandLine(context, null);
    }

    /**
     * The tree for a command line whose first word is {@code first}: only that command when it
     * names one (by name or alias), every command otherwise (help, a typo to suggest a command for).
     */
    static CommandLine commandLine(CliContext context, String first) {
        ContextFactory factory = new ContextFactory(context);
        CommandLine cli = new CommandLine(new DbdockCommand(context), factory);
        boolean versionOnly = "--version".equals(first) || "-V".equals(first);
        Class<?> only = first == null || first.equals("help") ? null : DbdockCommand.COMMANDS.stream()
                .filter(c -> names(c).contains(first)).findFirst().orElse(null);
        for (Class<?> command : versionOnly ? List.<Class<?>>of() : only != null ? List.<Class<?>>of(only) : DbdockCommand.COMMANDS) {
            cli.addSubcommand(new CommandLine(command, factory));
        }
        cli.setOut(context.terminal().out());
        cli.setErr(context.terminal().err());
        cli.setParameterExceptionHandler(Cli::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserFacingException u) {
                LOG.info("Command failed: {}", u.getMessage());
                context.terminal().endProgress();
                // A message of several lines (a project file's problems) gets the prefix on each.
                String message = u.getMessage() + u.remedy().map(r -> " " + RemedyHint.of(r)).orElse("");
                message.lines().forEach(line -> context.terminal().err().println("dbdock: " + line));
                return u.problem().exitCode();
            }
            LOG.error("Unexpected failure", e);
            context.terminal().err().println("dbdock: something unexpected went wrong (" + e
                    + "). Details are in " + context.root().logsDir().resolve("dbdock.log"));
            return Problem.FAILED.exitCode();
        });
        return cli;
    }

    /**
     * A command line dbdock cannot read: one line that says what is wrong (with "did you mean"
     * where something close exists), one that says where the help is, exit code 2. Not the usage.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String where = cmd.getCommandSpec().qualifiedName();
        String message = plainUsageError(e);
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String typed = u.getUnmatched().get(0);
            // Commands by their own names (not aliases), options by theirs: the one nearest, if any is near.
            List<String> known = typed.startsWith("-")
                    ? cmd.getCommandSpec().options().stream().map(o -> o.longestName()).toList()
                    : cmd.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct().toList();
            message += io.dbdock.common.Suggestions.didYouMean(typed, known);
        }
        cmd.getErr().println("dbdock: " + message);
        cmd.getErr().println("See '" + where + " --help'.");
        return Problem.INVALID_INPUT.exitCode();
    }

    private static final java.util.regex.Pattern NOT_A_NUMBER = java.util.regex.Pattern.compile("'(.*)' is not an? (int|long)");

    static String plainUsageError(CommandLine.ParameterException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            java.util.List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            boolean atTop = u.getCommandLine().getParent() == null;
            return atTop && !first.startsWith("-") ? "'" + first + "' is not a dbdock command."
                    : "'" + first + "' is not an option or argument of " + u.getCommandLine().getCommandSpec().qualifiedName() + ".";
        }
        java.util.regex.Matcher number = NOT_A_NUMBER.matcher(m);
        if (number.find()) {
            return m.substring(0, m.indexOf(':') + 1).replace("Invalid value for ", "") + " '" + number.group(1)
                    + "' is not a whole number.";
        }
        if (m.startsWith("Invalid value for ")) {
            return m.substring("Invalid value for ".length());
        }
        if (m.startsWith("Missing required")) {
            return m.replace("Missing required option: ", "missing ").replace("Missing required options: ", "missing ")
                    .replace("Missing required parameter: ", "missing ").replace("Missing required parameters: ", "missing ") + ".";
        }
        return m.endsWith(".") ? m : m + ".";
    }

    /** A command's name and aliases, from its annotation (cheap: no options are read). */
    private static List<String> names(Class<?> command) {
        CommandLine.Command c = command.getAnnotation(CommandLine.Command.class);
        List<String> all = new java.util.ArrayList<>(List.of(c.aliases()));
        all.add(c.name());
        return all;
    }

    /** Gives commands the shared context through their constructor. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
