package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import java.io.IOException;
import java.util.List;

/**
 * Runs the docker CLI with this process's own terminal (keys, colours, window size and piped
 * input all pass straight through), against the engine dbdock uses. Only an interactive client
 * needs it: the engine API cannot hand a terminal over, nor end a command's input.
 */
final class DockerCommand {
    private DockerCommand() {
    }

    /**
     * Runs {@code command} (starting with "docker") and returns its exit code; {@code engine}
     * becomes its DOCKER_HOST. {@code otherwise} says what works without the docker CLI, if anything.
     */
    static int run(List<String> command, String engine, String what, String otherwise) {
        if (!io.dbdock.common.Executables.onPath(command.get(0), System.getenv("PATH"))) {
            throw new UserFacingException(io.dbdock.common.Problem.FAILED, what + " needs the docker command (Docker's CLI), "
                    + "which is not on PATH here. Install it" + (otherwise == null ? "." : ", or " + otherwise));
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        if (engine != null && !engine.isBlank()) {
            pb.environment().put("DOCKER_HOST", engine);
        }
        try {
            Process p = pb.start();
            return p.waitFor();
        } catch (IOException e) {
            throw UserFacingException.failed("Could not run docker: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
