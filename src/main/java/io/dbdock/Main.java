package io.dbdock;

import io.dbdock.cli.Cli;
import io.dbdock.cli.Terminal;
import io.dbdock.store.DataRoot;

/** No arguments opens the desktop window; arguments run the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        DataRoot root = DataRoot.fromEnvironment();
        prepareLogging(root);
        if (io.dbdock.ui.DesktopLauncher.isWindowLaunch(args)) {
            System.exit(io.dbdock.ui.DesktopLauncher.launch(root, args));
        }
        System.exit(Cli.run(root, Terminal.system(), args));
    }

    /** Logback reads dbdock.logdir from logback.xml: set it (and make the folder private) before any logger exists. */
    static void prepareLogging(DataRoot root) {
        try {
            root.ensurePrivateDir(root.logsDir());
            System.setProperty("dbdock.logdir", root.logsDir().toString());
        } catch (RuntimeException e) {
            System.setProperty("dbdock.logdir", System.getProperty("java.io.tmpdir"));
        }
    }
}
