package dev.archsim.local.cli;

import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.WorkEstimate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    description = "Checks a scenario and prints every problem as path: message.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml)")
  Path file;

  @CommandLine.Mixin WorkBudgetOption budget;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ScenarioParseResult result = ScenarioFiles.check(file, err, budget.limits());
    if (result == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    if (!result.isValid()) {
      err.println(file + ": " + result.errors().size() + " problem(s)");
      err.flush();
      return ArchsimCommand.EXIT_INVALID;
    }
    var s = result.scenario().orElseThrow();
    out.printf(
        "%s: valid (%d stage(s), %d trials each)%n", file, s.stages().size(), s.run().trials());
    out.printf(
        "estimated work: %s units of the %s budget (--max-work)%n",
        WorkEstimate.units(WorkEstimate.of(s).total()), WorkEstimate.units(budget.maxWork));
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }
}
