package io.dbdock.cli;

import io.dbdock.common.Remedy;

/** The command that carries out a failure's fix, as the command line says it (the window offers a button instead). */
final class RemedyHint {
    private RemedyHint() {
    }

    static String of(Remedy remedy) {
        if (remedy instanceof Remedy.MovePort move) {
            return "Stop that program, or move the instance to a free port (" + move.port() + " is free now): dbdock port "
                    + shellWord(move.name()) + " --reassign";
        }
        if (remedy instanceof Remedy.UseEngine use) {
            return io.dbdock.model.EnginePlace.isAddress(use.context()) ? "Run the command with DOCKER_HOST=" + shellWord(use.context()) + " to reach it."
                    : "Run the command with --context " + shellWord(use.context()) + " to reach it.";
        }
        if (remedy instanceof Remedy.TrustHostKey key) {
            return "If " + key.fingerprint() + " is the key the machine's owner gives you, accept it once with ssh "
                    + shellWord(key.host()) + ", then try again.";
        }
        throw new IllegalArgumentException("no hint for " + remedy);
    }

    /** The name as one shell word. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9._@%+=:,/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
