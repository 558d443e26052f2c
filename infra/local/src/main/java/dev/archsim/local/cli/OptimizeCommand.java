package dev.archsim.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.optimize.DesignSpace;
import dev.archsim.core.optimize.OptimizationReport;
import dev.archsim.core.optimize.OptimizationTable;
import dev.archsim.core.optimize.Optimizer;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.sim.Simulator;
import dev.archsim.engine.validate.Limits;
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
import picocli.CommandLine.ParentCommand;

@Command(
    name = "optimize",
    description =
        "Searches the scenario's designSpace for the cheapest design of its stage whose objectives"
            + " hold at 95 %% confidence (availability's lower bound at or above the target), by"
            + " simulation with the same seeds for every design. Prints the finalists, why each"
            + " loser lost and the trials spent; -o writes the best design as a scenario file.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  archsim optimize mine.json -o best.json",
      "  archsim optimize mine.json --trials 200 --budget-trials 20000",
      "  archsim optimize mine.json --search exhaustive   # every design, every trial",
      "  archsim optimize big.json --search evolutionary --population 60 --generations 40"
    })
final class OptimizeCommand implements Callable<Integer> {
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
              + AUTO_RACING_DESIGNS
              + " designs, evolutionary above), racing, exhaustive or evolutionary (NSGA-II, then"
              + " racing over the designs it screened)")
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
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the best design as a scenario file (one stage, named after it)")
  Path output;

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

  static final long DEFAULT_MAX_BUDGET = 200_000;

  /** Largest space {@code --search auto} races; larger ones are searched by evolution. */
  static final int AUTO_RACING_DESIGNS = 500;

  /**
   * Racing screens every design on a tenth of the trials; evolution screens each design it meets on
   * a twenty-fifth (it meets many more and only ranks them; the finalists race to the full trials).
   */
  static int defaultScreen(Optimizer.Search how, int trials) {
    return how == Optimizer.Search.EVOLUTIONARY
        ? Math.max(2, (trials + 24) / 25)
        : Math.max(2, (trials + 9) / 10);
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Flags flags =
        new Flags(Limits.DEFAULT)
            .trials(trials)
            .workers(workers)
            .writable("--output", output)
            .writable("--report", report);
    List<Violation> problems = new ArrayList<>(flags.problems);
    if (screenTrials != null && screenTrials < 2) {
      problems.add(Violation.error("--screen-trials", "must be at least 2; found " + screenTrials));
    }
    if (budgetTrials != null && budgetTrials < 1) {
      problems.add(Violation.error("--budget-trials", "must be at least 1; found " + budgetTrials));
    }
    if (trials != null && trials < 2) {
      problems.add(
          Violation.error(
              "--trials", "optimize needs at least 2 trials per design for an interval"));
    }
    if (population != null && population < 4) {
      problems.add(Violation.error("--population", "must be at least 4; found " + population));
    }
    if (generations != null && generations < 1) {
      problems.add(Violation.error("--generations", "must be at least 1; found " + generations));
    }
    if (!List.of("auto", "racing", "exhaustive", "evolutionary").contains(search)) {
      problems.add(
          Violation.error(
              "--search", "auto, racing, exhaustive or evolutionary; found '" + search + "'"));
    }
    String text = ScenarioFiles.read(file, parent.stdin, err);
    if (text == null) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    ObjectNode tree = (ObjectNode) null;
    ScenarioParseResult parsed = ScenarioFiles.parse(file, text);
    if (!parsed.isValid()) {
      problems.addAll(parsed.violations());
    } else {
      tree = (ObjectNode) JSON.readTree(ScenarioFiles.asJson(file, text));
      if (stage != null && tree.path("designSpace").isObject()) {
        List<String> chosen =
            ScenarioFiles.resolveStages(
                List.of(stage),
                ScenarioFiles.stageNames(parsed.scenario().orElseThrow()),
                problems);
        if (!chosen.isEmpty()) {
          ((ObjectNode) tree.get("designSpace")).put("stage", chosen.get(0));
        }
      }
      if (seed != null) {
        ((ObjectNode) tree.with("run")).put("seed", seed);
      }
    }
    Scenario scenario = parsed.scenario().orElse(null);
    DesignSpace space = null;
    if (scenario != null) {
      DesignSpace.Reading reading = DesignSpace.read(tree, scenario);
      problems.addAll(reading.problems());
      space = reading.space().orElse(null);
    }
    Optimizer.Search how = null;
    if (space != null) {
      boolean enumerable = space.size() <= DesignSpace.MAX_ENUMERATED;
      how =
          switch (pareto ? "exhaustive" : search) {
            case "racing" -> Optimizer.Search.RACING;
            case "exhaustive" -> Optimizer.Search.EXHAUSTIVE;
            case "evolutionary" -> Optimizer.Search.EVOLUTIONARY;
            default ->
                space.size() <= AUTO_RACING_DESIGNS
                    ? Optimizer.Search.RACING
                    : Optimizer.Search.EVOLUTIONARY;
          };
      if (!enumerable && how != Optimizer.Search.EVOLUTIONARY) {
        problems.add(
            Violation.error(
                pareto ? "--pareto" : "--search",
                "the space holds "
                    + space.size()
                    + " designs; "
                    + (pareto
                        ? "the front needs exhaustive search, which"
                        : how.name().toLowerCase(java.util.Locale.ROOT) + " search")
                    + " enumerates at most "
                    + DesignSpace.MAX_ENUMERATED
                    + "; use --search evolutionary or auto"));
      }
    }
    if (problems.stream().anyMatch(Violation::isError)) {
      ScenarioFiles.print(problems, err);
      return ArchsimCommand.EXIT_INVALID;
    }
    int n = trials != null ? trials : scenario.run().trials();
    if (n < 2) {
      ScenarioFiles.print(
          List.of(
              Violation.error(
                  "$.run.trials", "optimize needs at least 2 trials per design; use --trials")),
          err);
      return ArchsimCommand.EXIT_INVALID;
    }
    int threads = workers != null ? workers : Runtime.getRuntime().availableProcessors();
    long designs =
        space.size() <= DesignSpace.MAX_ENUMERATED ? space.designs().size() : space.size();
    long budget = budgetTrials != null ? budgetTrials : Math.min(DEFAULT_MAX_BUDGET, designs * n);
    Optimizer.Settings settings =
        new Optimizer.Settings(
            how,
            n,
            screenTrials != null ? screenTrials : defaultScreen(how, n),
            budget,
            threads,
            population != null ? population : Optimizer.Settings.DEFAULT_POPULATION,
            generations != null ? generations : Optimizer.Settings.DEFAULT_GENERATIONS);
    boolean showProgress = progress != null ? progress : OutputOptions.Terminal.isTerminal();
    ProgressBar bar = showProgress ? new ProgressBar(err, budget) : null;
    Optimizer optimizer =
        new Optimizer(new ScenarioCodec(), bar != null ? new Simulator(bar) : new Simulator());
    Optimizer.Result result = optimizer.optimize(tree, scenario, space, settings);
    if (bar != null) {
      bar.finish();
    }
    String answer =
        OptimizationTable.render(result, scenario.objectives())
            + (pareto ? OptimizationTable.pareto(result) : "");
    out.print(answer);
    out.flush();
    if (report != null) {
      Files.writeString(
          report,
          OptimizationReport.render(scenario.name(), result, answer),
          StandardCharsets.UTF_8);
      err.println("report written to " + report);
      err.flush();
    }
    if (result.best().isEmpty()) {
      err.println(
          "no design meets the objectives at 95 % confidence"
              + (result.budgetExhausted() ? " within the trial budget" : ""));
      err.flush();
      return ArchsimCommand.EXIT_FAILED;
    }
    if (output != null) {
      ObjectNode doc = result.best().get().document();
      ((ObjectNode) doc.with("run")).put("trials", n);
      Files.writeString(
          output, doc.toPrettyString() + System.lineSeparator(), StandardCharsets.UTF_8);
      err.println("best design written to " + output);
      err.flush();
    }
    return ArchsimCommand.EXIT_OK;
  }
}
