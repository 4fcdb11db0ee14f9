package io.dbdock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top-level `dbdock` command; with no arguments the launcher opens the window instead. */
@Command(name = "dbdock",
        // Inherited by every command and subcommand: -h/--help (and -V/--version) everywhere.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Local PostgreSQL, MySQL, MariaDB, MongoDB, Redis and Valkey instances on Docker.%n"
                + "Run without arguments to open the window.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:failed (see the message), or a question answered No",
                "2:invalid input or usage",
                "3:Docker is not available",
                "4:no such instance",
                "5:conflict (name, port or data in use)",
                "6:created or started, but not Ready"})
public final class DbdockCommand implements Runnable {
    /**
     * Every command, in the order help lists them. Added by {@link Cli} rather than by the
     * annotation, so that a command line builds only the command it runs: picocli reads each
     * command's options by reflection, a third of a second for all of them.
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(
            CreateCommand.class, ListCommand.class, InfoCommand.class,
            LifecycleCommands.Start.class, LifecycleCommands.Stop.class, LifecycleCommands.Restart.class,
            RmCommand.class, UrlCommand.class, TunnelCommand.class, ShellCommand.class, ExecCommand.class, LogsCommand.class, PortCommand.class,
            StatusCommand.class, BackupCommands.Backup.class, BackupCommands.ListBackups.class,
            BackupCommands.Restore.class, BackupCommands.Clone.class, UpgradeCommand.class, StorageCommand.class,
            FixPasswordCommand.class, ScheduleCommand.class,
            ProjectCommands.Up.class, ProjectCommands.Down.class, ProjectCommands.Ps.class, ProjectCommands.Env.class,
            ProjectCommands.Init.class,
            EnginesCommand.class, ContextsCommand.class, CompletionCommand.class, HelpCommand.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final CliContext ctx;

    DbdockCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    // Inherited (the command's scope): `dbdock --context box list` and `dbdock list --context box` alike.
    @picocli.CommandLine.Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The docker context (Docker engine) to use for this command, as with `docker --context`. "
                    + "Default: DOCKER_HOST, DOCKER_CONTEXT, else the docker CLI's current context (see `dbdock contexts`).")
    void context(String name) {
        ctx.chooseContext(name);
    }

    @picocli.CommandLine.Option(names = "--insecure-tcp", scope = ScopeType.INHERIT,
            description = "Allow a Docker engine on another machine over plain tcp:// (no TLS). Anyone on the network "
                    + "could read the passwords dbdock sends it.")
    void insecureTcp(boolean allowed) {
        ctx.allowInsecureTcp(allowed);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
