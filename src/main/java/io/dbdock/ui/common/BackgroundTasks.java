package io.dbdock.ui.common;

import io.dbdock.common.Remedy;
import io.dbdock.common.UserFacingException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs slow work (Docker, files, probes) off the FX thread and hands the result or a short,
 * plain error back on the FX thread. Failures are logged once here and shown once by the caller.
 */
public final class BackgroundTasks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
    private final Executor background;
    private final Executor fx;

    public BackgroundTasks(Executor fx) {
        this(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dbdock-ui-work");
            t.setDaemon(true);
            return t;
        }), fx);
    }

    /** With given executors (tests use direct ones to stay synchronous). */
    public BackgroundTasks(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    /** A failure as the window shows it: the plain message, and the fix it can offer as a button, if any. */
    public record Failure(String message, Optional<Remedy> remedy) {
    }

    public <T> void run(String what, Callable<T> work, Consumer<T> onDone, Consumer<String> onError) {
        runOffering(what, work, onDone, failure -> onError.accept(failure.message()));
    }

    /** As {@link #run}, handing over the failure's remedy too (see {@link Remedy}). */
    public <T> void runOffering(String what, Callable<T> work, Consumer<T> onDone, Consumer<Failure> onError) {
        try {
            submit(what, work, onDone, onError);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The window is closing (its rows going away still move the selection): nothing left to show it on.
            LOG.debug("Not starting '{}': the window is closing", what);
        }
    }

    private <T> void submit(String what, Callable<T> work, Consumer<T> onDone, Consumer<Failure> onError) {
        background.execute(() -> {
            try {
                T result = work.call();
                fx.execute(() -> onDone.accept(result));
            } catch (UserFacingException e) {
                LOG.info("Could not {}: {}", what, e.getMessage());
                fx.execute(() -> onError.accept(new Failure(e.getMessage(), e.remedy())));
            } catch (Exception e) {
                LOG.error("Could not {}", what, e);
                fx.execute(() -> onError.accept(new Failure("Could not " + what + " (" + e.getClass().getSimpleName()
                        + "). Details are in the log.", Optional.empty())));
            }
        });
    }

    @Override
    public void close() {
        if (background instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
    }
}
