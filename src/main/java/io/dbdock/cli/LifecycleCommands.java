package io.dbdock.cli;

import io.dbdock.common.Problem;
import io.dbdock.instance.InstanceSnapshot;
import io.dbdock.instance.InstanceState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** start, stop and restart: each safe to repeat. */
final class LifecycleCommands {
    private LifecycleCommands() {
    }

    static int report(CliContext ctx, InstanceSnapshot s, boolean expectReady) {
        String where = s.record().port() + "";
        ctx.out().println(s.name() + ": " + s.state().label() + (s.state() == InstanceState.READY ? " on port " + where : "")
                + (s.detail().isEmpty() ? "" : " - " + s.detail()));
        if (expectReady && s.state() != InstanceState.READY) {
            return s.state() == InstanceState.STARTING ? 0 : Problem.NOT_READY.exitCode();
        }
        return 0;
    }

    @Command(name = "start",
        footerHeading = "%nExamples:%n", footer = {"  dbdock start app", "  dbdock start app --no-wait"},
        description = "Start an instance and wait until it is Ready (recreates a missing container on the same data).")
    static final class Start implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "NAME", description = "The instance to start")
        String name;
        @Option(names = "--no-wait", description = "Do not wait until it is Ready")
        boolean noWait;

        Start(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return report(ctx, ctx.service().start(name, !noWait), !noWait);
        }
    }

    @Command(name = "stop",
        footerHeading = "%nExamples:%n", footer = {"  dbdock stop app"},
        description = "Stop an instance (its data stays).")
    static final class Stop implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "NAME", description = "The instance to stop")
        String name;

        Stop(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return report(ctx, ctx.service().stop(name), false);
        }
    }

    @Command(name = "restart",
        footerHeading = "%nExamples:%n", footer = {"  dbdock restart app"},
        description = "Stop and start an instance, then wait until it is Ready.")
    static final class Restart implements Callable<Integer> {
        private final CliContext ctx;
        @Parameters(paramLabel = "NAME", description = "The instance to restart")
        String name;
        @Option(names = "--no-wait", description = "Do not wait until it is Ready")
        boolean noWait;

        Restart(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            return report(ctx, ctx.service().restart(name, !noWait), !noWait);
        }
    }
}
