package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.instance.InstanceService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "shell", description = "Open the engine's client (psql, mysql, mariadb, mongosh, redis-cli) inside the "
        + "instance, logged in. Input that is not a terminal is read as a script; -c runs one statement.",
        footerHeading = "%nExamples:%n",
        footer = {"  dbdock shell app                         psql on the instance app",
                "  dbdock shell app -c 'select version()'   one statement, for scripts",
                "  dbdock shell app < schema.sql            a file of statements"})
final class ShellCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to open")
    String name;
    @Option(names = {"-c", "--command"}, paramLabel = "STATEMENT",
            description = "Run this one statement, print its result and exit with the client's status (0 when it succeeded)")
    String statement;

    ShellCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws java.io.IOException {
        InstanceService service = ctx.service();
        if (statement != null) {
            ctx.out().flush();
            int code;
            try (var out = ctx.terminal().outStream()) {
                code = service.runStatement(name, statement, out, ctx.terminal().err()::println);
            }
            return code == 0 ? 0 : Problem.FAILED.exitCode();
        }
        boolean tty = ctx.terminal().interactive();
        int code = DockerCommand.run(service.shellCommand(name, tty), service.dockerInfo().endpoint(), "dbdock shell",
                "run one statement with -c, which does without.");
        return code == 0 ? 0 : Problem.FAILED.exitCode();
    }
}
