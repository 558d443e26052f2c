package dev.archsim.core.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.archsim.core.scenario.ScenarioCodec;
import dev.archsim.core.scenario.ScenarioParseResult;
import dev.archsim.engine.model.Scenario;
import dev.archsim.engine.validate.Limits;
import dev.archsim.engine.validate.Violation;
import dev.archsim.engine.validate.WorkEstimate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What an optimisation searches, read and checked in one pass: the scenario (with its {@code
 * designSpace}) and the search's options, every problem listed with its place ({@code
 * $.designSpace.choices.azs[1]}, or the option as the caller wrote it: {@code --trials}, {@code
 * ?trials}). The same for {@code archsim optimize} and {@code POST /optimizations}.
 *
 * @param tree the scenario document, the seed override applied
 */
public record OptimizationPlan(
    ObjectNode tree,
    Scenario scenario,
    DesignSpace space,
    Optimizer.Settings settings,
    boolean pareto) {

  /** Largest space the automatic choice races; larger ones are searched by evolution. */
  public static final int AUTO_RACING_DESIGNS = 500;

  /** The default trial budget is what exhaustive search needs, at most this. */
  public static final long DEFAULT_MAX_BUDGET = 200_000;

  /** Most designs a generation or generations a search may ask for. */
  public static final int MAX_POPULATION = 1_000;

  public static final int MAX_GENERATIONS = 1_000;

  /**
   * The caller's options; null: the default.
   *
   * @param search auto, racing, exhaustive, bounded or evolutionary
   * @param pareto the answer also lists the Pareto front (the search must be exhaustive)
   */
  public record Options(
      String search,
      Integer trials,
      Integer screenTrials,
      Long budgetTrials,
      Integer population,
      Integer generations,
      Long seed,
      boolean pareto) {
    public static final Options DEFAULTS =
        new Options(null, null, null, null, null, null, null, false);

    public Options(
        String search,
        Integer trials,
        Integer screenTrials,
        Long budgetTrials,
        Integer population,
        Integer generations,
        Long seed) {
      this(search, trials, screenTrials, budgetTrials, population, generations, seed, false);
    }
  }

  /** The plan, or every problem that stops it. */
  public record Reading(Optional<OptimizationPlan> plan, List<Violation> problems) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Racing screens every design on a tenth of the trials; evolution screens each design it meets on
   * a twenty-fifth (it meets many more and only ranks them; the finalists race to the full trials).
   */
  public static int defaultScreen(Optimizer.Search how, int trials) {
    return how == Optimizer.Search.EVOLUTIONARY
        ? Math.max(2, (trials + 24) / 25)
        : Math.max(2, (trials + 9) / 10);
  }

  /**
   * Reads a plan.
   *
   * @param document the scenario document (not changed)
   * @param where how an option is named to the caller, from its name ({@code trials} → {@code
   *     --trials})
   * @param maxBudget the most trials a search may be given (its work, with the stage's trial cost,
   *     stays within the codec's work budget too)
   * @param threads worker threads of a search run in this process
   */
  public static Reading read(
      ScenarioCodec codec,
      JsonNode document,
      Options o,
      UnaryOperator<String> where,
      long maxBudget,
      double maxWork,
      int threads) {
    List<Violation> problems = new ArrayList<>();
    String search = o.search() == null ? "auto" : o.search();
    if (o.pareto() && !search.equals("auto") && !search.equals("exhaustive")) {
      problems.add(
          Violation.error(
              where.apply("pareto"),
              "the front needs every design on every trial: exhaustive search, not " + search));
    }
    if (o.pareto()) {
      search = "exhaustive";
    }
    if (!List.of("auto", "racing", "exhaustive", "bounded", "evolutionary").contains(search)) {
      problems.add(
          Violation.error(
              where.apply("search"),
              "auto, racing, exhaustive, bounded or evolutionary; found '" + search + "'"));
    }
    atLeast(problems, where, "trials", o.trials(), 2, "for an interval a design needs 2");
    atLeast(problems, where, "screenTrials", o.screenTrials(), 2, "");
    atLeast(problems, where, "budgetTrials", o.budgetTrials(), 1, "");
    atLeast(problems, where, "population", o.population(), 4, "");
    atLeast(problems, where, "generations", o.generations(), 1, "");
    atMost(problems, where, "trials", o.trials(), Limits.DEFAULT.maxTrials());
    atMost(problems, where, "budgetTrials", o.budgetTrials(), maxBudget);
    atMost(problems, where, "population", o.population(), MAX_POPULATION);
    atMost(problems, where, "generations", o.generations(), MAX_GENERATIONS);
    if (document == null || !document.isObject()) {
      problems.add(Violation.error("$", "expected a scenario object with a designSpace"));
      return new Reading(Optional.empty(), problems);
    }
    ObjectNode tree = ((ObjectNode) document).deepCopy();
    if (o.seed() != null && tree.path("run").isObject()) {
      ((ObjectNode) tree.get("run")).put("seed", o.seed());
    }
    ScenarioParseResult parsed = codec.parseTree(tree);
    problems.addAll(parsed.violations());
    if (!parsed.isValid()) {
      if (!tree.has("designSpace")) {
        problems.add(Violation.error("$.designSpace", "required: the choices to search"));
      }
      return new Reading(Optional.empty(), problems);
    }
    Scenario scenario = parsed.orThrow();
    DesignSpace.Reading reading = DesignSpace.read(tree, scenario);
    problems.addAll(reading.problems());
    if (reading.space().isEmpty() || problems.stream().anyMatch(Violation::isError)) {
      return new Reading(Optional.empty(), problems);
    }
    DesignSpace space = reading.space().get();
    int trials = o.trials() != null ? o.trials() : scenario.run().trials();
    if (trials < 2) {
      problems.add(
          Violation.error(
              "$.run.trials",
              "optimize needs at least 2 trials per design; set "
                  + where.apply("trials")
                  + " or run.trials"));
      return new Reading(Optional.empty(), problems);
    }
    boolean enumerable = space.size() <= DesignSpace.MAX_ENUMERATED;
    Optimizer.Search how =
        switch (search) {
          case "racing" -> Optimizer.Search.RACING;
          case "exhaustive" -> Optimizer.Search.EXHAUSTIVE;
          case "bounded" -> Optimizer.Search.BOUNDED;
          case "evolutionary" -> Optimizer.Search.EVOLUTIONARY;
          default ->
              space.size() <= AUTO_RACING_DESIGNS
                  ? Optimizer.Search.RACING
                  : Optimizer.Search.EVOLUTIONARY;
        };
    if (!enumerable && how != Optimizer.Search.EVOLUTIONARY) {
      problems.add(
          Violation.error(
              where.apply("search"),
              "the space holds "
                  + space.size()
                  + " designs; "
                  + how.name().toLowerCase(Locale.ROOT)
                  + " search enumerates at most "
                  + DesignSpace.MAX_ENUMERATED
                  + "; use "
                  + where.apply("search")
                  + " evolutionary or auto"));
      return new Reading(Optional.empty(), problems);
    }
    long designs = enumerable ? space.designs().size() : space.size();
    long budget =
        o.budgetTrials() != null
            ? o.budgetTrials()
            : Math.min(Math.min(DEFAULT_MAX_BUDGET, maxBudget), designs * trials);
    // a design may cost more than the stage it varies; the stage's own cost bounds the search's
    double perTrial = WorkEstimate.of(scenario).stages().get(space.stage()).perTrial();
    if (perTrial * budget > maxWork) {
      problems.add(
          Violation.error(
              where.apply("budgetTrials"),
              String.format(
                  Locale.ROOT,
                  "%d trials of a design of stage '%s' (%.3g work units a trial) come to %.3g"
                      + " units, over the work budget of %.3g; give a smaller budget (at most %d)"
                      + " or a cheaper stage (shorter horizon, longer step)",
                  budget,
                  scenario.stage(space.stage()).name(),
                  perTrial,
                  perTrial * budget,
                  maxWork,
                  (long) Math.floor(maxWork / perTrial))));
      return new Reading(Optional.empty(), problems);
    }
    Optimizer.Settings settings =
        new Optimizer.Settings(
            how,
            trials,
            o.screenTrials() != null ? o.screenTrials() : defaultScreen(how, trials),
            budget,
            threads,
            o.population() != null ? o.population() : Optimizer.Settings.DEFAULT_POPULATION,
            o.generations() != null ? o.generations() : Optimizer.Settings.DEFAULT_GENERATIONS);
    return new Reading(
        Optional.of(new OptimizationPlan(tree, scenario, space, settings, o.pareto())), problems);
  }

  private static void atLeast(
      List<Violation> out,
      UnaryOperator<String> where,
      String name,
      Number v,
      long min,
      String why) {
    if (v != null && v.longValue() < min) {
      out.add(
          Violation.error(
              where.apply(name),
              "must be at least "
                  + min
                  + (why.isEmpty() ? "" : " (" + why + ")")
                  + "; found "
                  + v));
    }
  }

  private static void atMost(
      List<Violation> out, UnaryOperator<String> where, String name, Number v, long max) {
    if (v != null && v.longValue() > max) {
      out.add(
          Violation.error(
              where.apply(name),
              String.format(Locale.ROOT, "must be at most %,d; found %s", max, v)));
    }
  }

  /** The plan as stored with an optimisation: the scenario and the settings (threads aside). */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.set("scenario", tree);
    ObjectNode s = n.putObject("settings");
    s.put("search", settings.search().name().toLowerCase(Locale.ROOT));
    s.put("trials", settings.trials());
    s.put("screenTrials", settings.screenTrials());
    s.put("budgetTrials", settings.budgetTrials());
    s.put("population", settings.population());
    s.put("generations", settings.generations());
    s.put("pareto", pareto);
    return n.toString();
  }

  /** A stored plan, read again (it was checked when it was stored). */
  public static OptimizationPlan fromJson(ScenarioCodec codec, String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored optimisation is not JSON", e);
    }
    ObjectNode tree = (ObjectNode) n.get("scenario");
    Scenario scenario = codec.parseAccepted(tree.toString()).orThrow();
    DesignSpace space =
        DesignSpace.read(tree, scenario)
            .space()
            .orElseThrow(() -> new IllegalStateException("a stored design space no longer reads"));
    JsonNode s = n.get("settings");
    Optimizer.Settings settings =
        new Optimizer.Settings(
            Optimizer.Search.valueOf(s.get("search").asText().toUpperCase(Locale.ROOT)),
            s.get("trials").asInt(),
            s.get("screenTrials").asInt(),
            s.get("budgetTrials").asLong(),
            1,
            s.get("population").asInt(),
            s.get("generations").asInt());
    return new OptimizationPlan(tree, scenario, space, settings, s.path("pareto").asBoolean());
  }
}
