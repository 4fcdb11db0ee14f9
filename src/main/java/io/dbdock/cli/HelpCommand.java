package io.dbdock.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `dbdock help [COMMAND...]`: the usage of dbdock, of a command, or of a subcommand ("help storage rm"). */
@Command(name = "help",
        footerHeading = "%nExamples:%n", footer = {"  dbdock help", "  dbdock help storage rm"},
        helpCommand = true, description = "Show the usage of dbdock, or of a command (help storage rm).")
final class HelpCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to explain")
    List<String> commands = List.of();

    @Override
    public void run() {
        CommandLine cmd = spec.parent().commandLine();
        for (String name : commands) {
            CommandLine sub = cmd.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(cmd, "Unknown command: '" + name + "'"
                        + io.dbdock.common.Suggestions.didYouMean(name,
                                cmd.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct().toList()));
            }
            cmd = sub;
        }
        cmd.usage(spec.commandLine().getOut());
    }
}
