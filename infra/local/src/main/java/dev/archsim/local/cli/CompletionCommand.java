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
      "  zsh, in ~/.zshrc (after compinit, if it runs it):",
      "    source <(archsim completion zsh)",
      "The script completes commands, flags, their values, library scenario names, files and what"
          + " archsim help takes; archsim must be on the PATH."
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
    String script = withHelp(AutoComplete.bash("archsim", spec.root().commandLine()));
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ArchsimCommand.EXIT_OK;
  }

  /** The start of picocli's dispatching function, where {@code archsim help ...} is sent on. */
  static final String DISPATCH = "function _complete_archsim() {\n";

  /**
   * Picocli's script with {@code archsim help} completing what it takes: picocli sees only a list
   * of words there (and sends {@code help catalog types} to {@code catalog types}), so the script
   * gets a function completing the commands after {@code help}, then the named command's
   * subcommands, and every {@code archsim help ...} line goes to it.
   */
  String withHelp(String script) {
    int at = script.indexOf(DISPATCH);
    if (at < 0) {
      throw new IllegalStateException("picocli's completion script has no " + DISPATCH.trim());
    }
    StringBuilder cases = new StringBuilder();
    helpCases(spec.root().commandLine(), "", cases);
    String help =
        """

        # archsim help COMMAND [SUBCOMMAND...]: the commands, then the named command's subcommands.
        function _archsim_help_words() {
          local curr_word=${COMP_WORDS[COMP_CWORD]}
          local IFS=' '
          local path="${COMP_WORDS[*]:2:$((COMP_CWORD - 2))}"
          local candidates=""
          if [[ "${curr_word}" == -* ]]; then
            candidates="-h --help"
          else
            case "${path}" in
        %s      *) candidates="" ;;
            esac
          fi
          COMPREPLY=( $(compgen -W "${candidates}" -- "${curr_word}") )
        }

        """
            .formatted(cases);
    String route =
        "  if [ \"${COMP_WORDS[1]}\" = \"help\" ] && (( COMP_CWORD > 1 )); then"
            + " _archsim_help_words; return $?; fi\n";
    int body = at + DISPATCH.length();
    return script.substring(0, at)
        + help
        + script.substring(at, body)
        + route
        + script.substring(body);
  }

  /** One case a command with subcommands: its path after {@code help} and their names. */
  private static void helpCases(CommandLine cl, String path, StringBuilder out) {
    java.util.Map<String, CommandLine> subs = cl.getSubcommands();
    if (subs.isEmpty()) {
      return;
    }
    out.append("      \"")
        .append(path)
        .append("\") candidates=\"")
        .append(String.join(" ", subs.keySet()))
        .append("\" ;;\n");
    subs.forEach(
        (name, sub) -> {
          if (!sub.getCommandSpec().helpCommand()) {
            helpCases(sub, path.isEmpty() ? name : path + " " + name, out);
          }
        });
  }
}
