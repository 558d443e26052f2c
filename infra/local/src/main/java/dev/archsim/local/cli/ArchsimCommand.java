package dev.archsim.local.cli;

import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code archsim} command line: validate and run scenarios on this machine. */
@Command(
    name = "archsim",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description =
        "Simulates AWS web architectures: availability, failed requests, latency and cost.",
    subcommands = {
      ValidateCommand.class,
      RunCommand.class,
      CompareCommand.class,
      ExplainCommand.class,
      NewCommand.class,
      ServeCommand.class,
      BenchCommand.class,
      SchemaCommand.class,
      CatalogCommand.class,
      PricesCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      OptimizeCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim new --from whatisthetime -o mine.json",
      "  archsim validate mine.json",
      "  archsim run mine.json --report report.html",
      "  archsim help run",
      "  source <(archsim completion bash)     # tab completion in this shell"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the run failed, or objectives were missed with --check",
      "2:invalid input or flags (every problem is printed as path: message)",
      "3:run --check: every objective met, but a budget objective's cost is partial (unpriced items)"
    })
public final class ArchsimCommand implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_INVALID = 2;

  /** {@code run --check}: objectives met on the priced items, but a budget's cost is partial. */
  static final int EXIT_BUDGET_UNDETERMINED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Where a FILE of "-" is read from. */
  final InputStream stdin;

  ArchsimCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command; one of: " + String.join(", ", spec.subcommands().keySet()));
  }

  public static CommandLine commandLine() {
    return commandLine(System.in);
  }

  /** The command line, reading a FILE given as "-" from {@code stdin}. */
  static CommandLine commandLine(InputStream stdin) {
    CommandLine cl = new CommandLine(new ArchsimCommand(stdin));
    cl.addSubcommand("help", new Help.Command());
    cl.addSubcommand("completion", new CompletionCommand());
    return configured(cl);
  }

  /**
   * The command line that runs {@code args}: when the first argument names one of the commands
   * (other than help and completion, which read the whole tree), the root with that command alone;
   * otherwise the whole tree. picocli builds the model of every option of every command it is given
   * by reflection, most of a short run's start-up in the interpreter; a run needs only its own.
   */
  static CommandLine commandLineFor(String[] args, InputStream stdin) {
    Class<?> only = args.length == 0 ? null : commandNamed(args[0]);
    if (only == null) {
      return commandLine(stdin);
    }
    // the root's model without reflecting over its annotation (which lists every command)
    CommandLine.Model.CommandSpec root =
        CommandLine.Model.CommandSpec.wrapWithoutInspection(new ArchsimCommand(stdin));
    root.name("archsim");
    CommandLine cl = new CommandLine(root);
    cl.addSubcommand(new CommandLine(only));
    return configured(cl);
  }

  /**
   * The command class of {@link ArchsimCommand}'s annotation named {@code name}, or null. A switch
   * rather than a walk over the annotation: reading the annotation's class values loads every
   * command's class and parses every command's annotation, where a run needs one ({@code
   * CommandLineForTest} holds the two lists to each other).
   */
  static Class<?> commandNamed(String name) {
    return switch (name) {
      case "validate" -> ValidateCommand.class;
      case "run" -> RunCommand.class;
      case "compare" -> CompareCommand.class;
      case "explain" -> ExplainCommand.class;
      case "new" -> NewCommand.class;
      case "serve" -> ServeCommand.class;
      case "bench" -> BenchCommand.class;
      case "schema" -> SchemaCommand.class;
      case "catalog" -> CatalogCommand.class;
      case "prices" -> PricesCommand.class;
      case "import" -> ImportCommand.class;
      case "export" -> ExportCommand.class;
      case "optimize" -> OptimizeCommand.class;
      default -> null;
    };
  }

  private static CommandLine configured(CommandLine cl) {
    Help.applyTo(cl);
    Handlers handlers = new Handlers();
    cl.setParameterExceptionHandler(handlers);
    cl.setExecutionStrategy(handlers);
    cl.setExecutionExceptionHandler(handlers);
    return cl;
  }

  /**
   * How a parsed command line is run and its errors reported: {@link Help#parameterError}, {@link
   * Help#execute}, and a command's exception as "archsim: message", exit 1. One class rather than
   * three lambdas, whose classes would be spun at every start.
   */
  private static final class Handlers
      implements CommandLine.IParameterExceptionHandler,
          CommandLine.IExecutionStrategy,
          CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      return Help.parameterError(ex, args);
    }

    @Override
    public int execute(CommandLine.ParseResult parsed) throws CommandLine.ExecutionException {
      return Help.execute(parsed);
    }

    @Override
    public int handleExecutionException(
        Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      commandLine.getErr().println("archsim: " + ex.getMessage());
      commandLine.getErr().flush();
      return EXIT_FAILED;
    }
  }

  public static void main(String[] args) {
    usePriceCache();
    System.exit(commandLineFor(args, System.in).execute(args));
  }

  /**
   * Prices refreshed by {@code archsim prices update} (in the user's cache directory) take
   * precedence over the shipped price book; an unreadable cache is reported and ignored.
   */
  static void usePriceCache() {
    try {
      dev.archsim.engine.catalog.Catalog.usePriceBook(
          dev.archsim.engine.catalog.PriceBook.withOverlay(
              dev.archsim.local.prices.PriceCache.defaultDir()));
    } catch (RuntimeException e) {
      System.err.println("archsim: ignoring the refreshed prices: " + e.getMessage());
    }
  }
}
