package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.validate.ScenarioRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "compare",
    description =
        "Runs two scenarios on the same seed and prints their differences, stage by stage.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "the first scenario")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "the second scenario")
  Path b;

  @Option(names = "--trials", description = "trials per stage for both (default: each file's own)")
  Integer trials;

  @Option(names = "--seed", description = "seed for both (default: A's seed)")
  Long seed;

  @CommandLine.Mixin WorkBudgetOption budget;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode[] results = new JsonNode[2];
    Path[] files = {a, b};
    Long commonSeed = seed;
    for (int i = 0; i < 2; i++) {
      String text = ScenarioFiles.read(files[i], err);
      if (text == null) {
        return ArchsimCommand.EXIT_INVALID;
      }
      ScenarioParseResult parsed = ScenarioFiles.parseBeforeOverrides(files[i], text);
      if (!parsed.isValid()) {
        err.println(files[i] + ":");
        ScenarioFiles.print(parsed.violations(), err);
        return ArchsimCommand.EXIT_INVALID;
      }
      if (commonSeed == null) {
        commonSeed = parsed.scenario().orElseThrow().run().seed();
      }
      RunRecord done;
      try {
        done =
            Runner.run(
                ScenarioFiles.asJson(files[i], text),
                trials,
                commonSeed,
                Runtime.getRuntime().availableProcessors(),
                25,
                new PrintWriter(java.io.Writer.nullWriter()),
                null,
                0,
                budget.limits(),
                null);
      } catch (ScenarioRejectedException e) {
        err.println(files[i] + ":");
        ScenarioFiles.print(e.violations(), err);
        return ArchsimCommand.EXIT_INVALID;
      }
      if (done.status() != RunStatus.COMPLETED) {
        err.println("archsim: run of " + files[i] + " failed: " + done.failureReason());
        return ArchsimCommand.EXIT_FAILED;
      }
      results[i] = Runner.result(done);
    }
    out.println("A: " + a + " (" + results[0].path("scenario").asText() + ")");
    out.println("B: " + b + " (" + results[1].path("scenario").asText() + ")");
    out.println("seed " + commonSeed + "; B − A per stage:");
    out.printf(
        Locale.ROOT,
        "%-34s %-34s %14s %14s %10s %12s%n",
        "stage A",
        "stage B",
        "availability",
        "failed req.",
        "p99 ms",
        "$/month");
    int n = Math.min(results[0].path("stages").size(), results[1].path("stages").size());
    for (int i = 0; i < n; i++) {
      JsonNode x = results[0].path("stages").path(i);
      JsonNode y = results[1].path("stages").path(i);
      out.printf(
          Locale.ROOT,
          "%-34s %-34s %+13.4f%% %+,14d %+10.1f %+12.2f%n",
          x.path("name").asText(),
          y.path("name").asText(),
          100 * (y.at("/availability/mean").asDouble() - x.at("/availability/mean").asDouble()),
          y.at("/requests/failed").asLong() - x.at("/requests/failed").asLong(),
          y.at("/latencyMs/p99").asDouble() - x.at("/latencyMs/p99").asDouble(),
          y.at("/cost/monthlyUsd").asDouble() - x.at("/cost/monthlyUsd").asDouble());
    }
    if (results[0].path("stages").size() != results[1].path("stages").size()) {
      out.println(
          "(the scenarios have "
              + results[0].path("stages").size()
              + " and "
              + results[1].path("stages").size()
              + " stages; compared the first "
              + n
              + ")");
    }
    out.flush();
    return ArchsimCommand.EXIT_OK;
  }
}
