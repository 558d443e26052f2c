package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.archsim.core.report.Reports;
import dev.archsim.core.run.RunRecord;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description =
        "Simulates every stage of a scenario on this machine and prints the stages side by side.")
final class RunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "scenario file (.json, .yaml or .yml)")
  Path file;

  @Option(names = "--trials", description = "trials per stage (overrides run.trials)")
  Integer trials;

  @Option(names = "--seed", description = "seed of every random stream (overrides run.seed)")
  Long seed;

  @Option(
      names = "--horizon",
      paramLabel = "DURATION",
      description = "simulated time per trial, e.g. P7D (overrides run.horizon)")
  String horizon;

  @Option(
      names = "--stage",
      paramLabel = "NAME",
      description = "simulate only this stage (repeatable)")
  List<String> stages = new ArrayList<>();

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description =
          "fluid (default) or requests: simulate every request (fixed, fault-free fleets)")
  String mode;

  @Option(names = "--json", description = "print the merged result as JSON")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "write the HTML report (self-contained) to FILE")
  Path report;

  @Option(names = "--check", description = "exit 1 when a stage misses its objectives")
  boolean check;

  @Option(names = "--workers", description = "worker threads; default: the number of cores")
  Integer workers;

  @Option(
      names = "--trials-per-shard",
      defaultValue = "25",
      description = "trials per shard; default 25 (the result does not depend on it)")
  int trialsPerShard;

  @CommandLine.Mixin WorkBudgetOption budget;

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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String text = ScenarioFiles.read(file, err);
    if (text == null) {
      return ArchsimCommand.EXIT_INVALID;
    }
    ScenarioParseResult parsed = ScenarioFiles.parseBeforeOverrides(file, text);
    if (!parsed.isValid()) {
      ScenarioFiles.print(parsed.violations(), err);
      return ArchsimCommand.EXIT_INVALID;
    }
    List<Violation> problems = new ArrayList<>();
    String doc =
        ScenarioFiles.narrow(ScenarioFiles.asJson(file, text), stages, horizon, mode, problems);
    if (!problems.isEmpty()) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    boolean showProgress = progress != null ? progress : System.console() != null;
    Scenario scenario = parsed.scenario().orElseThrow();
    long expected =
        (long) (trials != null ? trials : scenario.run().trials())
            * (stages.isEmpty() ? scenario.stages().size() : stages.size());
    RunRecord done;
    try {
      done =
          Runner.run(
              doc,
              trials,
              seed,
              threads,
              trialsPerShard,
              events ? err : new PrintWriter(java.io.Writer.nullWriter()),
              showProgress ? err : null,
              expected,
              budget.limits(),
              shardTimeLimit);
    } catch (ScenarioRejectedException e) {
      ScenarioFiles.print(e.violations(), err);
      return ArchsimCommand.EXIT_INVALID;
    }
    ScenarioFiles.print(parsed.warnings(), err);
    if (done.status() != RunStatus.COMPLETED) {
      err.println("archsim: run failed: " + done.failureReason());
      err.flush();
      return ArchsimCommand.EXIT_FAILED;
    }
    JsonNode result = Runner.result(done);
    out.print(json ? result.toPrettyString() + System.lineSeparator() : ResultTable.render(result));
    out.flush();
    if (report != null) {
      Scenario ran = new ScenarioCodec().parseAccepted(done.scenarioJson()).orThrow();
      Files.writeString(report, Reports.html(ran, result), StandardCharsets.UTF_8);
      err.println("report written to " + report);
      err.flush();
    }
    if (check) {
      for (JsonNode s : result.path("stages")) {
        if (!s.path("objectives").path("met").asBoolean()) {
          err.println("objectives missed by " + s.path("name").asText());
          err.flush();
          return ArchsimCommand.EXIT_FAILED;
        }
      }
    }
    return ArchsimCommand.EXIT_OK;
  }
}
