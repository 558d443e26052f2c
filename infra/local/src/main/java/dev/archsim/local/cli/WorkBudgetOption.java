package dev.archsim.local.cli;

import dev.archsim.engine.validate.Limits;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --max-work}: the work budget a scenario must fit (see README, "Work budget"). */
final class WorkBudgetOption {
  @Option(
      names = "--max-work",
      paramLabel = "UNITS",
      description =
          "work budget in work units (default ${DEFAULT-VALUE}); a run estimated above it is"
              + " refused before it starts")
  double maxWork = Limits.DEFAULT_MAX_WORK;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  /** The limits with this budget; a budget that is not a positive number is a usage error. */
  Limits limits() {
    if (!(maxWork > 0) || Double.isNaN(maxWork)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--max-work "
              + (maxWork == Math.rint(maxWork) && Math.abs(maxWork) < 1e15
                  ? String.valueOf((long) maxWork)
                  : String.valueOf(maxWork))
              + ": must be a positive number of work units");
    }
    return Limits.DEFAULT.withMaxWork(maxWork);
  }
}
