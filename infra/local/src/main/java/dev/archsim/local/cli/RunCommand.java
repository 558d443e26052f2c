package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.report.Reports;
import dev.archsim.core.result.ResultView;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.scenario.ScenarioOverrides;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.ScenarioRejectedException;
import dev.archsim.engine.validate.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "run",
    description =
        "Simulates every stage of a scenario on this machine and prints the stages side by side:"
            + " availability, failed requests, latency, cost, which objective each stage missed"
            + " and by how much.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim run mine.json",
      "  archsim run mine.json --stage 3 --trials 500 --check   # exit 1 if stage 3 misses one",
      "  archsim run mine.json --horizon P7D --report report.html",
      "  archsim run mine.json --format csv -o stages.csv",
      "  cat mine.yaml | archsim run - --format json | jq '.stages[].objectives'"
    })
final class RunCommand implements Callable<Integer>, Flags.Checked {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml); - reads standard input")
  Path file;

  @Option(
      names = "--trials",
      paramLabel = "N",
      description = "trials per stage (overrides run.trials)")
  Integer trials;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "seed of every random stream (overrides run.seed)")
  Long seed;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      description = "simulated time per trial, e.g. P7D (overrides run.horizon)")
  String horizon;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      description = "simulate only this stage: its name or number, 1 for the first (repeatable)")
  List<String> stages = new ArrayList<>();

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "fluid (default) or requests: simulate every request (fixed, fault-free fleets)")
  String mode;

  @Mixin OutputOptions output;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "also write the HTML report (self-contained) to FILE")
  Path report;

  @Option(
      names = "--check",
      description =
          "exit 1 when a stage misses its objectives; 3 when all are met but a budget objective's"
              + " cost is partial (unpriced items)")
  boolean check;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "worker threads; default: the number of cores")
  Integer workers;

  @Option(
      names = "--trials-per-shard",
      paramLabel = "N",
      defaultValue = "25",
      description = "trials per shard; default 25 (the result does not depend on it)")
  int trialsPerShard;

  @Mixin WorkBudgetOption budget;

  @Option(
      names = "--shard-time-limit",
      paramLabel = "DURATION",
      description =
          "a shard still simulating after this long, e.g. PT5M, stops itself and the run fails"
              + " (default: no limit)")
  java.time.Duration shardTimeLimit;

  @Option(names = "--events", description = "print RunCompleted/RunFailed events on stderr")
  boolean events;

  @Option(
      names = "--progress",
      negatable = true,
      description = "show a progress bar; default: only on a terminal")
  Boolean progress;

  @ParentCommand ArchsimCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Flags flags =
        new Flags(Limits.DEFAULT)
            .trials(trials)
            .workers(workers)
            .atLeastOne("--trials-per-shard", trialsPerShard)
            .horizon(horizon)
            .mode(mode)
            .writable("--report", report)
            .writable("--output", output.output);
    List<Violation> problems = new ArrayList<>(flags.problems);
    String raw = ScenarioFiles.readText(file, parent.stdin, err);
    String text = raw == null ? null : ScenarioFiles.withTraces(file, raw, err);
    if (text == null) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    // the work budget is checked once the overrides are applied, when the run is submitted
    ScenarioParseResult parsed = ScenarioFiles.parseBeforeOverrides(file, text);
    List<Integer> chosen = List.of();
    if (!parsed.isValid()) {
      problems.addAll(output.quiet ? parsed.errors() : parsed.violations());
    } else {
      chosen =
          ScenarioFiles.resolveStages(
              stages, ScenarioFiles.stageNames(parsed.scenario().orElseThrow()), problems);
    }
    if (!problems.isEmpty()) {
      ScenarioFiles.print(problems, err, ScenarioFiles.yamlLines(file, raw));
      return ArchsimCommand.EXIT_INVALID;
    }
    // parsed once: the flags change the model as typed copies, and are stored beside the document
    // as written, so a worker that parses it again applies them alike
    ScenarioOverrides overrides = ScenarioFiles.overrides(trials, seed, horizon, mode, chosen);
    List<String> fileStages = ScenarioFiles.stageNames(parsed.scenario().orElseThrow());
    Scenario scenario = overrides.applyTo(parsed.scenario().orElseThrow());
    JsonNode original = ScenarioFiles.tree(file, text);
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    boolean showProgress =
        !output.quiet && (progress != null ? progress : OutputOptions.Terminal.isTerminal());
    long expected = (long) scenario.run().trials() * scenario.stages().size();
    RunRecord done;
    try {
      done =
          Runner.run(
              parsed.scenario().orElseThrow(),
              original,
              overrides,
              parsed.warnings(),
              Runner.Options.defaults()
                  .withWorkers(threads, trialsPerShard)
                  .withEvents(events ? err : new PrintWriter(java.io.Writer.nullWriter()))
                  .withProgress(showProgress ? err : null, expected)
                  .withHints(output.quiet ? null : err, Runner.SLOW)
                  .withLimits(budget.limits())
                  .withShardTimeLimit(shardTimeLimit));
    } catch (ScenarioRejectedException e) {
      // what a flag set is said as the flag (ScenarioOverrides.Terms.COMMAND_LINE)
      ScenarioFiles.print(e.violations(), err, ScenarioFiles.yamlLines(file, raw));
      return ArchsimCommand.EXIT_INVALID;
    }
    if (!output.quiet) {
      ScenarioFiles.print(parsed.warnings(), err);
    }
    if (done.status() != RunStatus.COMPLETED) {
      err.println("archsim: run failed: " + done.failureReason());
      err.flush();
      return ArchsimCommand.EXIT_FAILED;
    }
    ResultView result = ResultView.parse(done.resultJson());
    String shownHorizon =
        horizon != null ? horizon : ScenarioFiles.horizonAsWritten(original.toString());
    output.emit(
        switch (output.format) {
          case json -> result.json().toPrettyString() + System.lineSeparator();
          case csv -> ResultTable.csv(result);
          case markdown -> ResultTable.markdown(result, shownHorizon, fileStages);
          case text ->
              ResultTable.render(
                  result, shownHorizon, new OutputOptions.Paint(output.colour()), fileStages);
        },
        spec.commandLine());
    if (report != null) {
      Files.writeString(report, Reports.html(scenario, result), StandardCharsets.UTF_8);
      output.note(err, "report written to " + report);
    }
    if (check) {
      boolean missed = false;
      for (ResultView.Stage s : result.stages()) {
        if (!s.objectivesMet()) {
          err.println("objectives missed by " + s.name() + ": " + ResultTable.missed(s));
          missed = true;
        }
      }
      if (missed) {
        err.flush();
        return ArchsimCommand.EXIT_FAILED;
      }
      for (ResultView.Stage s : result.stages()) {
        if (s.budgetUndetermined()) {
          err.println(
              "budget undetermined for "
                  + s.name()
                  + ": its cost is partial (unpriced: "
                  + s.unpriced().size()
                  + " items)");
          err.flush();
          return ArchsimCommand.EXIT_BUDGET_UNDETERMINED;
        }
      }
      err.flush();
    }
    return ArchsimCommand.EXIT_OK;
  }
}
