package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineSpec;
import io.dbdock.model.InstanceRecord;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A user's own way into a running instance: the engine's client ({@code dbdock shell}, Open
 * shell) and any command in its container ({@code dbdock exec}). The password is never an
 * argument: the clients read the file the container already has, and commands find it through
 * {@value #PASSWORD_FILE_VARIABLE}.
 */
final class ClientAccess {
    /** Tells a command run with {@code dbdock exec} where the instance's password file is, inside the container. */
    static final String PASSWORD_FILE_VARIABLE = "DBDOCK_PASSWORD_FILE";

    private final InstanceRuntime runtime;
    private final DockerGateway docker;

    ClientAccess(InstanceRuntime runtime) {
        this.runtime = runtime;
        this.docker = runtime.docker();
    }

    /** The docker CLI command line that opens the engine's client in the container (with a terminal when {@code tty}). */
    List<String> shellCommand(InstanceRecord r, boolean tty) {
        List<String> cmd = dockerCli();
        cmd.addAll(List.of("exec", tty ? "-it" : "-i", r.containerName()));
        cmd.addAll(runtime.engine(r).clientCommand(new Credentials(r.user(), "", r.database())));
        return cmd;
    }

    /** The docker CLI command line that runs {@code command} in a running instance's container. */
    List<String> execCommand(String nameOrId, List<String> command, boolean tty) {
        InstanceRecord r = running(nameOrId);
        if (command.isEmpty()) {
            throw UserFacingException.invalid("Say which command to run in '" + r.name() + "', after --, e.g. dbdock exec "
                    + r.name() + " -- ls /.");
        }
        return dockerExec(r, tty, command);
    }

    /** The shell command line for a running instance (refused plainly when it is not running). */
    List<String> shellCommandIfRunning(String nameOrId, boolean tty) {
        return shellCommand(running(nameOrId), tty);
    }

    /**
     * Runs one statement with the engine's client inside the container through the engine API (no
     * docker CLI needed): its output goes to {@code out}, each error line to {@code errorLine}; returns the client's exit code.
     */
    int runStatement(String nameOrId, String statement, OutputStream out, Consumer<String> errorLine) {
        InstanceRecord r = running(nameOrId);
        EngineSpec engine = runtime.engine(r);
        List<String> command = engine.statementCommand(new Credentials(r.user(), "", r.database()), statement);
        return docker.exec(r.containerName(), command, Map.of(), null, out, errorLine).exitCode();
    }

    private InstanceRecord running(String nameOrId) {
        InstanceRecord r = runtime.find(nameOrId);
        runtime.checkLivesHere(r); // "not running" would be wrong: it may run on its own engine
        if (!runtime.isRunning(r)) {
            throw UserFacingException.conflict("'" + r.name() + "' is not running. Start it first.");
        }
        return r;
    }

    private List<String> dockerExec(InstanceRecord r, boolean tty, List<String> command) {
        List<String> cmd = dockerCli();
        cmd.addAll(List.of("exec", tty ? "-it" : "-i",
                "-e", PASSWORD_FILE_VARIABLE + "=" + io.dbdock.engine.EngineCatalog.PASSWORD_FILE, r.containerName()));
        cmd.addAll(command);
        return cmd;
    }

    /**
     * The docker CLI pointed at the engine dbdock uses: with `dbdock --context box shell app` the docker
     * CLI would otherwise go to its own current context, another engine, where the container is not.
     */
    private List<String> dockerCli() {
        String engine = docker.quickPlace().context();
        return new ArrayList<>(io.dbdock.model.EnginePlace.isAddress(engine) ? List.of("docker", "-H", engine)
                : List.of("docker", "--context", engine));
    }
}
