package io.dbdock.instance;

import java.util.function.Consumer;

/**
 * The named points a create, a delete or a data replacement passes ("create:marked",
 * "delete:container", ...), the places where a dbdock that dies must leave something the next one
 * can finish or undo. Nothing happens at them unless an observer is installed: the crash tests
 * install one (through {@code -Ddbdock.test.killAt=STEP}, see {@code io.dbdock.Main}) that stops the
 * process there as SIGKILL would.
 */
public final class Checkpoints {
    private static volatile Consumer<String> observer = step -> { };

    private Checkpoints() {
    }

    /** Called by the steps themselves. */
    static void reached(String step) {
        observer.accept(step);
    }

    /** Installs what happens at every checkpoint (one observer per process). */
    public static void observe(Consumer<String> onStep) {
        observer = onStep;
    }
}
