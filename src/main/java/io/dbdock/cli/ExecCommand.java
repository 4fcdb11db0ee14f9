package io.dbdock.cli;

import io.dbdock.instance.InstanceService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "exec", showEndOfOptionsDelimiterInUsageHelp = true, description = "Run a command inside an instance's container, with this terminal. The command finds "
        + "the instance's password in the file named by $DBDOCK_PASSWORD_FILE (never on a command line). "
        + "Exits with the command's own status.",
        footerHeading = "%nExamples:%n",
        footer = {"  dbdock exec app -- pg_isready",
                "  dbdock exec app -- sh -c 'PGPASSWORD=$(cat $DBDOCK_PASSWORD_FILE) pg_dump -U postgres postgres' > app.sql",
                "  dbdock exec cache -- redis-cli --version"})
final class ExecCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "NAME", description = "The instance to run the command in")
    String name;
    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*",
            description = "The command and its arguments, after -- so that dbdock reads none of them")
    List<String> command = new ArrayList<>();

    ExecCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceService service = ctx.service();
        List<String> docker = service.execCommand(name, command, ctx.terminal().interactive());
        return DockerCommand.run(docker, service.dockerInfo().endpoint(), "dbdock exec", null);
    }
}
