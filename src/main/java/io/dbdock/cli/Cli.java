package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.common.UserFacingException;
import io.dbdock.common.DataRoot;
import java.lang.reflect.Constructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs one `dbdock` command line and returns its exit code. */
public final class Cli {
    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

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
            CommandLine cli = commandLine(context);
            return cli.execute(args);
        }
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cli = new CommandLine(new DbdockCommand(), new ContextFactory(context));
        cli.setOut(context.terminal().out());
        cli.setErr(context.terminal().err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserFacingException u) {
                LOG.info("Command failed: {}", u.getMessage());
                context.terminal().endProgress();
                context.terminal().err().println("dbdock: " + u.getMessage());
                return u.problem().exitCode();
            }
            LOG.error("Unexpected failure", e);
            context.terminal().err().println("dbdock: something unexpected went wrong (" + e
                    + "). Details are in " + context.root().logsDir().resolve("dbdock.log"));
            return Problem.FAILED.exitCode();
        });
        return cli;
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
