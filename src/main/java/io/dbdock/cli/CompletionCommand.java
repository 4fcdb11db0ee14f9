package io.dbdock.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", description = "Print the shell completion script for bash or zsh (the installed packages "
        + "install it already).",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(dbdock completion bash)                     in ~/.bashrc",
                "  autoload -U +X bashcompinit && bashcompinit && source <(dbdock completion zsh)   in ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (default) or zsh")
    String shell;

    CompletionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw io.dbdock.common.UserFacingException.invalid("Completion is available for bash and zsh; '" + shell + "' is neither.");
        }
        ctx.out().print(CompletionScript.generate(ctx));
        ctx.out().flush();
        return 0;
    }
}
