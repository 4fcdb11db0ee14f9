package io.dbdock.cli;

import io.dbdock.model.DockerStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs",
        footerHeading = "%nExamples:%n", footer = {"  dbdock logs app", "  dbdock logs app -f --tail 50"},
        description = "Print an instance's server log.")
final class LogsCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance whose server log to show")
    String name;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted")
    boolean follow;
    @Option(names = "--tail", defaultValue = "200", paramLabel = "N", description = "Lines from the end (default 200; -1 for all)")
    int tail;

    LogsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        DockerStream stream = ctx.service().logs(name, follow, tail, ctx.out()::println);
        try {
            if (follow) {
                Runtime.getRuntime().addShutdownHook(new Thread(stream::close));
                stream.await();
            }
        } finally {
            stream.close();
            ctx.out().flush();
        }
        return 0;
    }
}
