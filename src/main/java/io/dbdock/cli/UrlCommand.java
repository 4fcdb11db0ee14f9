package io.dbdock.cli;

import io.dbdock.common.UserFacingException;
import io.dbdock.instance.ConnectionInfo;
import io.dbdock.instance.InstanceService;
import io.dbdock.model.InstanceRecord;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "url",
        footerHeading = "%nExamples:%n", footer = {"  dbdock url app", "  psql \"$(dbdock url app)\"", "  dbdock url app --format env >> .env"},
        description = "Print a connection string, with the password, for an instance.")
final class UrlCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "NAME", description = "The instance to connect to")
    String name;
    @Option(names = "--format", defaultValue = "uri", paramLabel = "FORMAT", description = "uri (default), jdbc or env")
    String format;

    UrlCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        InstanceService service = ctx.service();
        InstanceRecord r = service.find(name);
        ConnectionInfo connection = service.connection(r);
        switch (format.toLowerCase(Locale.ROOT)) {
            case "uri" -> ctx.out().println(connection.uri());
            case "jdbc" -> ctx.out().println(connection.jdbc().orElseThrow(() -> UserFacingException.invalid(
                    service.engine(r).displayName() + " has no JDBC driver URL; use --format uri.")));
            case "env" -> connection.env().forEach(ctx.out()::println);
            default -> throw UserFacingException.invalid("Unknown format '" + format + "': use uri, jdbc or env.");
        }
        return 0;
    }
}
