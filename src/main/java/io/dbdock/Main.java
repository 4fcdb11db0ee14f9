package io.dbdock;

import io.dbdock.cli.Cli;
import io.dbdock.cli.Terminal;
import io.dbdock.common.DataRoot;

/** No arguments opens the desktop window; arguments run the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Scripts ask this often: answered before logging and the command parser are loaded.
            System.out.println("dbdock " + io.dbdock.cli.VersionProvider.version());
            return;
        }
        String killAt = System.getProperty("dbdock.test.killAt");
        if (killAt != null) {
            // The crash tests: stop the process at that checkpoint as SIGKILL would (no shutdown hooks, exit 137).
            io.dbdock.instance.Checkpoints.observe(step -> {
                if (step.equals(killAt)) {
                    Runtime.getRuntime().halt(137);
                }
            });
        }
        DataRoot root = DataRoot.fromEnvironment();
        if (isWindowLaunch(args)) {
            prepareLogging(root);
            logUncaughtExceptions();
            warmUp(root);
            System.exit(io.dbdock.ui.DesktopLauncher.launch(root, args));
        }
        System.exit(commandLine(root, Terminal.system(), args));
    }

    /** Arguments that open the window rather than run a command. */
    private static final java.util.Set<String> WINDOW_FLAGS = java.util.Set.of("--tray", "--minimized", "--smoke-test");

    /** True when these arguments mean "open the window" (none, or only window flags). */
    static boolean isWindowLaunch(String[] args) {
        for (String arg : args) {
            if (!WINDOW_FLAGS.contains(arg)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One command line, as `dbdock ARGS` runs it. The build's training run for the class-data
     * archive comes through here too, so that the archive holds what a user's command loads.
     */
    static int commandLine(DataRoot root, Terminal terminal, String... args) {
        prepareLogging(root);
        logUncaughtExceptions();
        return Cli.run(root, terminal, args);
    }

    /**
     * While this thread starts the window toolkit, a second core loads what the window needs next:
     * the logging framework, the JSON mapper and the instance list. Only a head start: nothing waits for it, and its
     * results are read again where they are used (then from memory and the page cache).
     */
    private static void warmUp(DataRoot root) {
        Thread t = new Thread(() -> {
            try {
                // The first line logged starts the logging framework: here rather than on the window's thread.
                org.slf4j.LoggerFactory.getLogger(Main.class).info("Opening the window: dbdock {} on Java {}",
                        io.dbdock.cli.VersionProvider.version(), Runtime.version());
                io.dbdock.app.SettingsService.load(root);
                new io.dbdock.store.InstanceStore(root).load();
            } catch (RuntimeException ignored) {
                // The window reads them again and reports any problem there.
            }
        }, "dbdock-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * A failure on a background thread goes to the log, not as a stack trace onto the user's
     * terminal. The common case is harmless: docker-java's thread feeding a command's standard
     * input fails when the command has stopped reading (a restore that the database refused).
     */
    static void logUncaughtExceptions() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            var log = org.slf4j.LoggerFactory.getLogger(Main.class);
            if (thread.getName().startsWith("docker-java-httpclient5-hijacking-stream")) {
                log.info("Stopped feeding a command's input: {}", e.getCause() != null ? e.getCause().toString() : e.toString());
            } else {
                log.error("Unexpected failure on thread {}", thread.getName(), e);
            }
        });
    }

    /**
     * FileLogConfigurator reads dbdock.logdir: set it (and make the folder private) before any
     * logger exists; and let logging start at the first event (see DeferredLogging).
     */
    static void prepareLogging(DataRoot root) {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", DeferredLogging.class.getName());
            // SLF4J otherwise says on standard error, at every start, that it loaded that provider.
            System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        }
        try {
            root.ensurePrivateDir(root.logsDir());
            System.setProperty("dbdock.logdir", root.logsDir().toString());
        } catch (RuntimeException e) {
            System.setProperty("dbdock.logdir", System.getProperty("java.io.tmpdir"));
        }
    }
}
