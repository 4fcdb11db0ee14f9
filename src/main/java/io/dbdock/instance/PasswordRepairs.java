package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.docker.DockerGateway;
import io.dbdock.engine.Credentials;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVersion;
import io.dbdock.engine.PasswordRepair;
import io.dbdock.engine.ProbeKind;
import io.dbdock.model.InstanceRecord;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fix password: the password inside the data set to the stored one, the engine's own way in without the old one. */
final class PasswordRepairs {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordRepairs.class);

    private final InstanceRuntime runtime;
    private final DockerGateway docker;
    private final InstanceContainers containers;

    PasswordRepairs(InstanceRuntime runtime) {
        this.runtime = runtime;
        this.docker = runtime.docker();
        this.containers = runtime.containers();
    }

    /**
     * Sets the password inside the database to the one dbdock stores for the instance (its data
     * was initialised with another one, so every login is refused), with the engine's own client
     * inside the container; then waits until Ready. Engines that keep no password in the data
     * (Redis reads it from the configuration dbdock writes) need no fix.
     */
    InstanceSnapshot fixPassword(String nameOrId) {
        InstanceRecord found = runtime.find(nameOrId);
        EngineSpec engine = runtime.engine(found);
        // Redis reads its password from the configuration dbdock writes; MongoDB keeps its users in the data.
        PasswordRepair repair = engine.dump().resetPassword().orElseThrow(() -> UserFacingException.invalid(engine.probe() == ProbeKind.REDIS
                ? engine.displayName() + " takes its password from the configuration dbdock writes, so there is nothing to fix: "
                        + "restart '" + found.name() + "'."
                : "dbdock cannot change " + engine.displayName() + "'s password without the one its data was made with. Delete '"
                        + found.name() + "' with its data and create it again, or restore a backup into a new instance."));
        return runtime.withLock(found, () -> {
            InstanceRecord r = runtime.current(found);
            if (!runtime.isRunning(r)) {
                throw UserFacingException.conflict("'" + r.name() + "' is not running. Start it, then fix its password.");
            }
            InstanceSnapshot s = repair instanceof PasswordRepair.Exec exec ? repairInside(r, engine, exec)
                    : repairByStarting(r, engine, (PasswordRepair.StartWithInitFile) repair);
            LOG.info("Set the database password of {} to the stored one", r.name());
            return s;
        });
    }

    private InstanceSnapshot repairInside(InstanceRecord r, EngineSpec engine, PasswordRepair.Exec exec) {
        DockerGateway.ExecResult result = docker.exec(r.containerName(), exec.command().apply(runtime.credentials(r)), Map.of(), null,
                java.io.OutputStream.nullOutputStream(), line -> { });
        if (!result.ok()) {
            throw UserFacingException.failed("dbdock could not get into " + engine.displayName() + " to change the password of '"
                    + r.name() + "' (" + result.lastError() + "). Without the password its data was made with, delete the "
                    + "instance with its data and create it again, or restore a backup into a new instance.", null);
        }
        InstanceSnapshot s = runtime.awaitReady(r, null);
        DataSteps.requireReady(s, "with the stored password");
        return s;
    }

    /** One start with the statements file, then a normal start; if the first fails, the instance is put back as it was. */
    private InstanceSnapshot repairByStarting(InstanceRecord r, EngineSpec engine, PasswordRepair.StartWithInitFile initFile) {
        EngineVersion version = runtime.version(r);
        Credentials credentials = runtime.credentials(r);
        runtime.stopAndRemove(r);
        try {
            String id = containers.create(r, engine, version, credentials, initFile.startArguments());
            docker.copyFiles(id, Map.of(initFile.path(), initFile.statements().apply(credentials)));
            docker.start(id);
            DataSteps.requireReady(runtime.awaitReady(r, null), "with the stored password");
        } catch (RuntimeException e) {
            LOG.warn("Setting the password of {} at start failed: {}", r.name(), e.toString());
            InstanceRuntime.attempt("start the instance normally again", () -> runtime.recreate(r, true, false, false));
            throw e instanceof UserFacingException u ? u : UserFacingException.failed("dbdock could not set the password of '"
                    + r.name() + "' inside " + engine.displayName() + " (" + e.getMessage() + "). The instance runs as before.", e);
        }
        // Started normally again: the statements file goes with the container it was copied into.
        InstanceSnapshot s = runtime.recreate(r, true, false, true);
        DataSteps.requireReady(s, "with the stored password");
        return s;
    }
}
