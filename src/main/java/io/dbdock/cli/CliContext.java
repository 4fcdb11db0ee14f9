package io.dbdock.cli;

import io.dbdock.app.Core;
import io.dbdock.model.EngineChoice;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.instance.InstanceService;
import io.dbdock.common.DataRoot;
import java.io.PrintWriter;

/** What every command shares: where data lives, the service (built on first use), and the terminal. */
public final class CliContext implements AutoCloseable {
    private final DataRoot root;
    private final Terminal terminal;
    private Core core;

    private final Core.Wiring wiring;
    /** The engine chosen on the command line; the environment's unless --context or --insecure-tcp says otherwise. */
    private String context;
    private boolean insecureTcp;

    public CliContext(DataRoot root, Terminal terminal) {
        this(root, null, terminal);
    }

    /** On a given wiring (tests: an in-memory engine); null wires the CLI's defaults on first use. */
    CliContext(DataRoot root, Core.Wiring wiring, Terminal terminal) {
        this.root = root;
        this.wiring = wiring;
        this.terminal = terminal;
    }

    public DataRoot root() {
        return root;
    }

    public Terminal terminal() {
        return terminal;
    }

    public PrintWriter out() {
        return terminal.out();
    }

    /** --context NAME: the docker context to use for this command (before anything asks the engine). */
    synchronized void chooseContext(String name) {
        this.context = name;
    }

    /** --insecure-tcp: plain tcp to another machine allowed for this command. */
    synchronized void allowInsecureTcp(boolean allowed) {
        this.insecureTcp = allowed;
    }

    synchronized EngineChoice engineChoice() {
        return new EngineChoice(context, insecureTcp);
    }

    public EngineCatalog catalog() {
        return EngineCatalog.standard();
    }

    public synchronized InstanceService service() {
        return core().instances();
    }

    public synchronized io.dbdock.project.ProjectService projects() {
        return core().projects();
    }

    private Core core() {
        if (core == null) {
            if (wiring == null && insecureTcp) {
                io.dbdock.app.EngineContexts.insecureWarning(engineChoice())
                        .ifPresent(w -> terminal.err().println("dbdock: warning: " + w));
            }
            core = Core.open(wiring != null ? wiring : Core.Wiring.forCommandLine(root, engineChoice()));
        }
        return core;
    }

    @Override
    public synchronized void close() {
        if (core != null) {
            core.close();
        }
    }
}
