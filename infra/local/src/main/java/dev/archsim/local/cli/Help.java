package dev.archsim.local.cli;

import picocli.CommandLine;

/** What every command shares: --help and --version, and flag errors in the user's terms. */
final class Help {
  private Help() {}

  /** Gives {@code cl} and every subcommand (however registered) -h/--help and -V/--version. */
  static void applyTo(CommandLine cl) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    if (!spec.mixinStandardHelpOptions() && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
      spec.mixinStandardHelpOptions(true);
    }
    spec.versionProvider(new Versions());
    spec.usageMessage().width(100);
    cl.getSubcommands().values().forEach(Help::applyTo);
  }

  /**
   * A flag or argument picocli could not take: the message, what the user may have meant, and where
   * to read more; exit 2.
   */
  static int parameterError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    var err = cl.getErr();
    err.println(cl.getCommandName() + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more.");
    err.flush();
    return ArchsimCommand.EXIT_INVALID;
  }
}
