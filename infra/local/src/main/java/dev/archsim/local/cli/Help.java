package dev.archsim.local.cli;

import dev.archsim.engine.validate.Violation;
import dev.archsim.local.text.Columns;
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
    // every flag picocli cannot take is reported, not only the first (see execute)
    spec.parser().collectErrors(true);
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyTo(sub);
    }
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
      err.print(Columns.wrapText(cl.getCommandName() + ": ", inUserTerms(ex), Columns.WIDTH));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more.");
    }
    err.flush();
    return ArchsimCommand.EXIT_INVALID;
  }

  /**
   * Runs the command picocli parsed, unless picocli met problems in its flags: then all of them are
   * said in one pass (exit 2). When they are only values of the wrong kind and the command checks
   * its own flags before any work ({@link Flags.Checked}), the command runs with those flags unset
   * and reports them together with its own problems (and the scenario's), still before any work.
   */
  static int execute(CommandLine.ParseResult parsed) throws CommandLine.ExecutionException {
    List<Exception> errors = new ArrayList<>();
    CommandLine last = parsed.commandSpec().commandLine();
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      errors.addAll(p.errors());
      last = p.commandSpec().commandLine();
      // picocli ignores what it could not match when --help is asked for: `prices refresh --help`
      // would print prices' help as though refresh were one of its subcommands
      if (p.subcommand() == null && p.isUsageHelpRequested() && !p.unmatched().isEmpty()) {
        errors.add(new CommandLine.UnmatchedArgumentException(last, p.unmatched()));
      }
    }
    errors = oncePerMistake(errors);
    if (errors.isEmpty()) {
      return new CommandLine.RunLast().execute(parsed);
    }
    List<Violation> typed = new ArrayList<>();
    for (Exception e : errors) {
      Violation v = e instanceof CommandLine.ParameterException p ? typed(p) : null;
      if (v != null) {
        typed.add(v);
      }
    }
    CommandLine.ParseResult without =
        typed.size() == errors.size() && last.getCommand() instanceof Flags.Checked
            ? withoutTheBadValues(parsed, errors)
            : null;
    if (without != null) {
      Flags.FROM_PARSER.set(typed);
      try {
        return new CommandLine.RunLast().execute(without);
      } finally {
        Flags.FROM_PARSER.remove();
      }
    }
    var err = last.getErr();
    boolean untyped = false;
    for (Exception e : errors) {
      Violation v = e instanceof CommandLine.ParameterException p ? typed(p) : null;
      if (v != null) {
        err.println(v.path() + ": " + v.message());
      } else {
        untyped = true;
        err.print(
            Columns.wrapText(
                last.getCommandName() + ": ",
                e instanceof CommandLine.ParameterException p ? inUserTerms(p) : e.getMessage(),
                Columns.WIDTH));
        if (e instanceof CommandLine.ParameterException p) {
          CommandLine.UnmatchedArgumentException.printSuggestions(p, err);
        }
      }
    }
    if (untyped) {
      err.println("Try '" + last.getCommandSpec().qualifiedName() + " --help' for more.");
    }
    err.flush();
    return ArchsimCommand.EXIT_INVALID;
  }

  /**
   * The errors without an "unmatched argument" that only repeats a value another error already
   * refused: {@code completion fish} is one mistake (fish is not a shell it knows), not also an
   * argument too many.
   */
  static List<Exception> oncePerMistake(List<Exception> errors) {
    List<String> refused = new ArrayList<>();
    for (Exception e : errors) {
      if (!(e instanceof CommandLine.UnmatchedArgumentException)
          && e instanceof CommandLine.ParameterException p
          && p.getValue() != null) {
        refused.add(p.getValue());
      }
    }
    List<Exception> out = new ArrayList<>();
    for (Exception e : errors) {
      if (e instanceof CommandLine.UnmatchedArgumentException u
          && !u.getUnmatched().isEmpty()
          && refused.containsAll(u.getUnmatched())) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  /**
   * The command line parsed again without the flags whose values picocli could not convert, so the
   * command sees them unset and every other flag as given or at its default (picocli applies no
   * defaults once it has met an error); null when that cannot be done cleanly.
   */
  private static CommandLine.ParseResult withoutTheBadValues(
      CommandLine.ParseResult parsed, List<Exception> errors) {
    List<String> args = new ArrayList<>(parsed.originalArgs());
    for (Exception e : errors) {
      if (!(e instanceof CommandLine.ParameterException p)
          || !(p.getArgSpec() instanceof CommandLine.Model.OptionSpec option)
          || p.getValue() == null
          || !remove(args, option, p.getValue())) {
        return null;
      }
    }
    CommandLine.ParseResult again =
        parsed.commandSpec().commandLine().parseArgs(args.toArray(String[]::new));
    for (CommandLine.ParseResult r = again; r != null; r = r.subcommand()) {
      if (!r.errors().isEmpty()) {
        return null;
      }
    }
    return again;
  }

  /** Removes {@code --flag value} or {@code --flag=value} from {@code args}; false if absent. */
  private static boolean remove(
      List<String> args, CommandLine.Model.OptionSpec option, String value) {
    List<String> names = Arrays.asList(option.names());
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (names.contains(a) && i + 1 < args.size() && args.get(i + 1).equals(value)) {
        args.remove(i + 1);
        args.remove(i);
        return true;
      }
      int eq = a.indexOf('=');
      if (eq > 0 && names.contains(a.substring(0, eq)) && a.substring(eq + 1).equals(value)) {
        args.remove(i);
        return true;
      }
    }
    return false;
  }

  /**
   * picocli's message in the user's terms where it speaks of its own model: an argument too many
   * ("Unmatched argument at index 2: 'extra.json'") says which and what the command takes.
   */
  static String inUserTerms(CommandLine.ParameterException ex) {
    String message = ex.getMessage() == null ? "" : ex.getMessage();
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u)
        || !message.startsWith("Unmatched argument")
        || u.getUnmatched().isEmpty()) {
      return message;
    }
    CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
    List<String> extra = new ArrayList<>();
    u.getUnmatched().forEach(a -> extra.add("'" + a + "'"));
    List<String> takes = new ArrayList<>();
    for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
      takes.add(p.paramLabel() + (p.arity().max() > 1 ? "..." : ""));
    }
    String what =
        (extra.size() == 1 ? "unexpected argument " : "unexpected arguments ")
            + String.join(" ", extra);
    if (!spec.subcommands().isEmpty()) {
      return what + "; give one of its commands: " + String.join(", ", spec.subcommands().keySet());
    }
    return what
        + (takes.isEmpty()
            ? "; " + spec.name() + " takes no argument, only options"
            : "; " + spec.name() + " takes " + String.join(" ", takes) + " and options");
  }

  /** {@link #asTyped} as a problem: the flag as typed, and what it must be; null otherwise. */
  static Violation typed(CommandLine.ParameterException ex) {
    String s = asTyped(ex);
    if (s == null) {
      return null;
    }
    int colon = s.indexOf(": ");
    return colon < 0
        ? Violation.error(s, "not accepted")
        : Violation.error(s.substring(0, colon), s.substring(colon + 2));
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
    CommandLine.Model.ArgSpec arg = ex.getArgSpec();
    if (arg == null
        || ex.getValue() == null
        || !(arg.isOption() && message.startsWith("Invalid value for option")
            || arg.isPositional() && message.startsWith("Invalid value for positional"))) {
      return null;
    }
    Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
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
    // a flag as typed (--format xml); an argument by its name in the usage (SHELL fish)
    String name =
        arg instanceof CommandLine.Model.OptionSpec option
            ? option.longestName()
            : arg.paramLabel();
    return name + " " + ex.getValue() + ": " + must;
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
          // a sentence, then the commands on their own lines (within 120 columns)
          String sentence =
              "no command '"
                  + (target == self.getParent()
                      ? ""
                      : target.getCommandSpec().qualifiedName() + " ")
                  + name
                  + "'"
                  + (nearest == null ? "." : "; did you mean '" + nearest + "'?");
          String commandsLine =
              Columns.wrapText("Commands: ", String.join(", ", known), Columns.WIDTH)
                  .stripTrailing();
          throw new CommandLine.ParameterException(
              self, sentence + System.lineSeparator() + commandsLine);
        }
        target = sub;
      }
      target.usage(out, colours);
      out.flush();
      return ArchsimCommand.EXIT_OK;
    }
  }
}
