package dev.archsim.local.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "completion",
    description = "Prints the tab-completion script for bash or zsh.",
    footerHeading = "%nExamples (installing it):%n",
    footer = {
      "  bash, this shell only:  source <(archsim completion bash)",
      "  bash, every shell:",
      "    archsim completion bash > ~/.local/share/bash-completion/completions/archsim",
      "  zsh (in ~/.zshrc):      source <(archsim completion zsh)",
      "The script completes commands, flags and library scenario names; archsim must be on the PATH."
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SHELL",
      defaultValue = "bash",
      description = "bash (default) or zsh")
  Shell shell;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    // picocli's script serves both: under zsh it loads bashcompinit itself
    String script = AutoComplete.bash("archsim", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ArchsimCommand.EXIT_OK;
  }
}
