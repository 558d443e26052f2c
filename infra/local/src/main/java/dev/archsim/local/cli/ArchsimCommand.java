package dev.archsim.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code archsim} command line: validate and run scenarios on this machine. */
@Command(
    name = "archsim",
    mixinStandardHelpOptions = true,
    version = "archsim 0.1.0",
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
      ImportCommand.class,
      ExportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the run failed, or objectives were missed with --check",
      "2:invalid input (every problem is printed as path: message)"
    })
public final class ArchsimCommand implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command: validate, run, compare, explain, new, serve or schema");
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ArchsimCommand());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("archsim: " + ex.getMessage());
          ex.getCommandLine().usage(ex.getCommandLine().getErr());
          return EXIT_INVALID;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine.getErr().println("archsim: " + ex.getMessage());
          return EXIT_FAILED;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
