package sod.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sod.SodInputException;

/**
 * {@code sod completion bash|zsh}: prints the shell completion script picocli's {@link AutoComplete}
 * generates from the command model, so it always lists the current commands and options. The script
 * is bash; under zsh it loads bashcompinit itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for sod (commands, options, option values)."},
        footer = {"", "Examples:",
                "  source <(scripts/sod completion bash)          (bash, this shell)",
                "  scripts/sod completion zsh > ~/.zsh/_sod; echo 'source ~/.zsh/_sod' >> ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", defaultValue = "bash", description = "bash or zsh (default: ${DEFAULT-VALUE}).")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new SodInputException("completion " + shell + ": unknown shell; choose bash or zsh");
        }
        var out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("sod", spec.root().commandLine()));
        out.flush();
        return Main.OK;
    }
}
