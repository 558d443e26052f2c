package dev.archsim.local.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** What every command shares: --help and --version, and flag errors in the user's terms. */
final class Help {
  private Help() {}

  /** Gives {@code cl} and every subcommand (however registered) -h/--help and -V/--version. */
  static void applyTo(CommandLine cl) {
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    if (!spec.mixinStandardHelpOptions() && !(cl.getCommand() instanceof Command)) {
      spec.mixinStandardHelpOptions(true);
    }
    spec.versionProvider(new Versions());
    spec.usageMessage().width(100);
    cl.getSubcommands().values().forEach(Help::applyTo);
  }

  /**
   * A flag or argument picocli could not take: the message, what the user may have meant, and where
   * to read more; exit 2. A value of the wrong kind is said as typed ("--trials abc: must be a
   * whole number"), like the problems of the flags' own checks.
   */
  static int parameterError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    var err = cl.getErr();
    String asTyped = asTyped(ex);
    if (asTyped != null) {
      err.println(asTyped);
    } else {
      err.println(cl.getCommandName() + ": " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more.");
    }
    err.flush();
    return ArchsimCommand.EXIT_INVALID;
  }

  /**
   * "--flag value: what it must be" for a value picocli could not convert, or a message already in
   * those terms (it starts with the flag); null otherwise.
   */
  static String asTyped(CommandLine.ParameterException ex) {
    String message = ex.getMessage() == null ? "" : ex.getMessage();
    if (message.startsWith("--")) {
      return message;
    }
    if (!(ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option)
        || ex.getValue() == null
        || !message.startsWith("Invalid value for option")) {
      return null;
    }
    Class<?> type = option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
    String must;
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      must = "must be a whole number";
    } else if (type == double.class || type == Double.class) {
      must = "must be a number";
    } else if (type == Duration.class) {
      must = "not a duration; " + Flags.DURATION_HELP;
    } else if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      Arrays.stream(type.getEnumConstants()).forEach(c -> names.add(c.toString()));
      must = "must be one of: " + String.join(", ", names);
    } else {
      return null;
    }
    return option.longestName() + " " + ex.getValue() + ": " + must;
  }

  /**
   * {@code archsim help [COMMAND [SUBCOMMAND...]]}: the help of any command, at any depth ({@code
   * archsim help catalog types}), as {@code archsim catalog types --help} prints it.
   */
  @CommandLine.Command(
      name = "help",
      helpCommand = true,
      description = "Prints the help of a command: archsim help run, archsim help catalog types.",
      footerHeading = "%nExamples:%n",
      footer = {"  archsim help run", "  archsim help prices show"})
  static final class Command implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    @CommandLine.Parameters(
        paramLabel = "COMMAND",
        arity = "0..*",
        description = "the command, and its subcommand")
    List<String> commands = new ArrayList<>();

    private CommandLine self;
    private java.io.PrintWriter out;
    private CommandLine.Help.ColorScheme colours;

    @Override
    public void init(
        CommandLine helpCommandLine,
        CommandLine.Help.ColorScheme colorScheme,
        java.io.PrintWriter outWriter,
        java.io.PrintWriter errWriter) {
      this.self = helpCommandLine;
      this.colours = colorScheme;
      this.out = outWriter;
    }

    @Override
    public Integer call() {
      CommandLine target = self.getParent();
      for (String name : commands) {
        CommandLine sub = target.getSubcommands().get(name);
        if (sub == null) {
          List<String> known = new ArrayList<>(target.getSubcommands().keySet());
          String nearest = dev.archsim.engine.validate.Suggestions.closest(name, known);
          throw new CommandLine.ParameterException(
              self,
              "no command '"
                  + (target == self.getParent()
                      ? ""
                      : target.getCommandSpec().qualifiedName() + " ")
                  + name
                  + "'"
                  + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
                  + " Commands: "
                  + String.join(", ", known));
        }
        target = sub;
      }
      target.usage(out, colours);
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }
}
