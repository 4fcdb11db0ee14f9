package io.dbdock.cli;

import io.dbdock.common.DataRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * The completion script, generated from the command tree itself (so it never lists a command or
 * option that is not there). One script serves bash and zsh (through zsh's bashcompinit). The
 * build writes it to {@code target/completion/dbdock.bash} for the packages to install.
 */
public final class CompletionScript {
    private CompletionScript() {
    }

    static String generate(CliContext ctx) {
        return AutoComplete.bash("dbdock", Cli.commandLine(ctx));
    }

    /** Writes the script to the file given (the build's own step; no Docker, no data touched). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path scratch = Files.createTempDirectory("dbdock-completion");
        CliContext ctx = new CliContext(new DataRoot(scratch), new Terminal(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), java.io.InputStream.nullInputStream(), false));
        Files.writeString(file, generate(ctx), StandardCharsets.UTF_8);
        Files.delete(scratch);
    }
}
