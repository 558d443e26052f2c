package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.optimize.OptimizationPlan;
import dev.archsim.core.optimize.OptimizationRecord;
import dev.archsim.core.optimize.RunOptimization;
import dev.archsim.core.run.RunStatus;
import dev.archsim.core.run.SubmitRun;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.sim.SimulationListener;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import dev.archsim.local.adapters.LocalPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "optimize",
    description =
        "Searches the scenario's designSpace for the cheapest design of its stage whose objectives"
            + " hold at 95 %% confidence (availability's lower bound at or above the target), by"
            + " simulation with the same seeds for every design. Prints the finalists, why each"
            + " loser lost and the trials spent (--format text, json or markdown; -o to a file);"
            + " --best writes the best design as a scenario file.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim optimize mine.json --best best.json",
      "  archsim optimize mine.json --format markdown -o answer.md",
      "  archsim optimize mine.json --trials 200 --budget-trials 20000",
      "  archsim optimize mine.json --search exhaustive   # every design, every trial",
      "  archsim optimize mine.json --search bounded      # exhaustive's answer, fewer designs",
      "  archsim optimize big.json --search evolutionary --population 60 --generations 40"
    })
final class OptimizeCommand implements Callable<Integer>, Flags.Checked {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description =
          "scenario file with a designSpace (.json, .yaml or .yml); - reads standard input")
  Path file;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      description = "vary this stage (name or number) instead of the designSpace's")
  String stage;

  @Option(
      names = "--trials",
      paramLabel = "N",
      description = "trials a design needs to be accepted (overrides run.trials)")
  Integer trials;

  @Option(
      names = "--screen-trials",
      paramLabel = "N",
      description =
          "trials of the first screen; default a tenth of --trials for racing, a twenty-fifth for"
              + " evolutionary search (at least 2)")
  Integer screenTrials;

  @Option(
      names = "--budget-trials",
      paramLabel = "N",
      description =
          "most trials the search may simulate; default what exhaustive search needs, at most"
              + " 200000")
  Long budgetTrials;

  @Option(
      names = "--search",
      paramLabel = "HOW",
      defaultValue = "auto",
      description =
          "auto (default: racing up to "
              + OptimizationPlan.AUTO_RACING_DESIGNS
              + " designs, evolutionary above), racing, exhaustive, bounded (exhaustive search"
              + " that skips the designs whose cost floor from the catalog is above the best"
              + " design's cost: the same answer) or evolutionary (NSGA-II, then racing over the"
              + " designs it screened)")
  String search;

  @Option(
      names = "--population",
      paramLabel = "N",
      description = "evolutionary search: designs per generation; default 40")
  Integer population;

  @Option(
      names = "--generations",
      paramLabel = "N",
      description = "evolutionary search: most generations; default 25")
  Integer generations;

  @Option(
      names = "--pareto",
      description =
          "also print the cost / availability / p99 front of the designs; runs exhaustive search"
              + " so every point has the full trials")
  boolean pareto;

  @Option(names = "--seed", paramLabel = "N", description = "seed (overrides run.seed)")
  Long seed;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "worker threads; default: the number of cores")
  Integer workers;

  @Option(
      names = "--best",
      paramLabel = "FILE",
      description = "write the best design as a scenario file (one stage, named after it)")
  Path best;

  @CommandLine.Mixin OutputOptions output;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "write an HTML report: the answer and the cost / p99 and cost / availability charts of"
              + " the designs judged on the full trials, Pareto front marked")
  Path report;

  @Option(
      names = "--progress",
      negatable = true,
      description = "show a progress bar; default: only on a terminal")
  Boolean progress;

  @ParentCommand ArchsimCommand parent;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code screenTrials} → {@code --screen-trials}: an option as the command line names it. */
  static String flag(String name) {
    return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Flags flags =
        new Flags(Limits.DEFAULT)
            .workers(workers)
            .writable("--output", output.output)
            .writable("--best", best)
            .writable("--report", report);
    List<Violation> problems = new ArrayList<>(flags.problems);
    if (output.format == OutputOptions.Format.csv) {
      problems.add(
          Violation.error(
              "--format",
              "optimize writes text, json or markdown; found 'csv' (the designs' figures are in"
                  + " --format json's designsListed)"));
    }
    String text = ScenarioFiles.read(file, parent.stdin, err);
    if (text == null) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    ObjectNode tree = null;
    ScenarioParseResult parsed = ScenarioFiles.parse(file, text);
    if (!parsed.isValid()) {
      problems.addAll(parsed.violations());
    } else {
      tree = (ObjectNode) JSON.readTree(ScenarioFiles.asJson(file, text));
      if (stage != null && tree.path("designSpace").isObject()) {
        List<String> names = ScenarioFiles.stageNames(parsed.scenario().orElseThrow());
        List<Integer> chosen = ScenarioFiles.resolveStages(List.of(stage), names, problems);
        if (!chosen.isEmpty()) {
          ((ObjectNode) tree.get("designSpace")).put("stage", names.get(chosen.get(0)));
        }
      }
    }
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    OptimizationPlan.Options options =
        new OptimizationPlan.Options(
            search.equals("auto") ? null : search,
            trials,
            screenTrials,
            budgetTrials,
            population,
            generations,
            seed,
            pareto);
    OptimizationPlan plan = null;
    if (tree != null) {
      // the scenario's own problems were printed above; the plan adds the flags' and the space's
      OptimizationPlan.Reading reading =
          OptimizationPlan.read(
              ScenarioCodec.shared(),
              tree,
              options,
              OptimizeCommand::flag,
              Long.MAX_VALUE,
              Double.POSITIVE_INFINITY,
              threads);
      problems.addAll(reading.problems());
      plan = reading.plan().orElse(null);
    } else {
      // the flags' problems all the same, in the same pass
      problems.addAll(
          OptimizationPlan.read(
                  ScenarioCodec.shared(),
                  null,
                  options,
                  OptimizeCommand::flag,
                  Long.MAX_VALUE,
                  Double.POSITIVE_INFINITY,
                  threads)
              .problems()
              .stream()
              .filter(v -> v.path().startsWith("--"))
              .toList());
    }
    if (plan == null || problems.stream().anyMatch(Violation::isError)) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    boolean showProgress =
        !output.quiet && (progress != null ? progress : OutputOptions.Terminal.isTerminal());
    ProgressBar bar = showProgress ? new ProgressBar(err, plan.settings().budgetTrials()) : null;
    ObjectNode result;
    // the same use case as POST /optimizations, on the embedded adapters: each evaluation a run of
    // shards on the local queue, the search advanced by steps
    try (LocalPipeline pipeline =
        new LocalPipeline(
            threads,
            new SubmitRun.Settings(25, Duration.ofDays(1), Integer.MAX_VALUE),
            e -> {},
            bar != null ? bar : SimulationListener.NONE)) {
      RunOptimization optimizations = pipeline.optimizations();
      String id = optimizations.submit(Runner.OWNER, plan, List.of()).id();
      OptimizationRecord done = pipeline.optimizationStore().find(id).orElseThrow();
      while (!done.status().isTerminal()) {
        Thread.sleep(20);
        done = pipeline.optimizationStore().find(id).orElseThrow();
      }
      if (done.status() != RunStatus.COMPLETED) {
        err.println("the search failed: " + done.failureReason());
        err.flush();
        return ArchsimCommand.EXIT_FAILED;
      }
      result = (ObjectNode) JSON.readTree(done.resultJson());
    }
    if (bar != null) {
      bar.finish();
    }
    String html = result.get("report").asText();
    output.emit(
        switch (output.format) {
          case json -> {
            // the answer of GET /optimizations/{id}: without the report (that is --report)
            ObjectNode answer = result.deepCopy();
            answer.remove("report");
            yield answer.toPrettyString() + System.lineSeparator();
          }
          case markdown -> result.get("markdown").asText();
          default -> result.get("answer").asText();
        },
        spec.commandLine());
    if (report != null) {
      Files.writeString(report, html, StandardCharsets.UTF_8);
      output.note(err, "report written to " + report);
    }
    if (result.get("best").isNull()) {
      err.println(
          "no design meets the objectives at 95 % confidence"
              + (result.get("budgetExhausted").asBoolean() ? " within the trial budget" : ""));
      err.flush();
      return ArchsimCommand.EXIT_FAILED;
    }
    if (best != null) {
      Files.writeString(
          best,
          result.at("/best/scenario").toPrettyString() + System.lineSeparator(),
          StandardCharsets.UTF_8);
      output.note(err, "best design written to " + best);
    }
    return ArchsimCommand.EXIT_OK;
  }
}
